#!/usr/bin/env bash
# The web app end to end: a throw-away Flowfile home (key file source) with a SQLite file and a
# catalog table written by the Python module, the real `flowfile ui --port 0 --no-browser`
# serving the built front end, and Debian's Chromium driven by playwright-core (node --test).
#   FLOWFILE_CLI      the flowfile binary (default: build/release/cli/flowfile)
#   FLOWFILE_WEB_DIR  the built front end (default: web/dist)
#   FF_SCREENSHOTS    where screenshots go (default: build/ui-screenshots)
# Under CI=true a browser that does not launch fails the run; elsewhere the browser tests skip.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/web"
cli="${FLOWFILE_CLI:-$root/build/release/cli/flowfile}"
export FLOWFILE_WEB_DIR="${FLOWFILE_WEB_DIR:-$root/web/dist}"
export FF_SCREENSHOTS="${FF_SCREENSHOTS:-$root/build/ui-screenshots}"
fail() { echo "error: $*" >&2; exit 1; }

[[ -x "$cli" ]] || fail "no flowfile binary at $cli (set FLOWFILE_CLI)"
[[ -f "$FLOWFILE_WEB_DIR/index.html" ]] || fail "no built front end in $FLOWFILE_WEB_DIR (run scripts/setup or npm run build --prefix web)"
# The Python module of the same build, when the binary sits in a build tree.
build_tree="$(dirname "$(dirname "$cli")")"
[[ -d "$build_tree/python/flowfile" ]] && export PYTHONPATH="$build_tree/python${PYTHONPATH:+:$PYTHONPATH}"

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null || fail "npm ci in tests/web failed"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export FLOWFILE_HOME="$work/home" FLOWFILE_KEYRING=0
unset FLOWFILE_MASTER_KEY FLOWFILE_MASTER_KEY_PREVIOUS

/usr/bin/python3 "$here/fixtures.py" "$work" >"$work/fixtures.log" 2>&1 ||
  { cat "$work/fixtures.log" >&2; fail "making the test data failed"; }

"$cli" ui --port 0 --no-browser >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Flowfile UI: \(http[^ ]*\).*/\1/p' "$work/server.log" | head -1)"
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  cat "$work/server.log" >&2
  fail "flowfile ui printed no URL"
fi
mkdir -p "$FF_SCREENSHOTS"
FF_URL="$url" FF_WORK="$work" node --test --test-reporter=spec "$here/app.test.mjs"
status=$?
if ((status != 0)); then
  echo "--- server log" >&2
  tail -40 "$work/server.log" >&2
fi
exit "$status"
