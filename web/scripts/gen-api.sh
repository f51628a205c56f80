#!/usr/bin/env bash
# Regenerate src/api/openapi.d.ts from the route table of a `flowfile ui` server:
#   web/scripts/gen-api.sh [path/to/flowfile]   (default: flowfile on PATH)
# Starts the server on a throw-away home, fetches /api/v1/openapi.json with the printed token,
# and runs openapi-typescript. src/api/contract.ts then checks our types against it (vue-tsc).
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${1:-flowfile}"
work="$(mktemp -d)"
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
FLOWFILE_HOME="$work/home" FLOWFILE_KEYRING=0 "$cli" ui --port 0 --no-browser >"$work/log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Flowfile UI: \(http[^ ]*\).*/\1/p' "$work/log" | head -1)"
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$work/log" >&2; echo "error: flowfile ui printed no URL" >&2; exit 1; }
curl -sf -H "Authorization: Bearer ${url##*token=}" "${url%%/\?token=*}/api/v1/openapi.json" >"$work/openapi.json"
npx --prefix "$web" openapi-typescript "$work/openapi.json" -o "$web/src/api/openapi.d.ts"
