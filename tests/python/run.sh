#!/usr/bin/env bash
# The Python suite with its real peers: throw-away PostgreSQL 15, MariaDB, an S3 server (moto,
# signature checks on) and Azurite on loopback, stopped on exit even when tests fail; then
# pytest under Debian's /usr/bin/python3, listing skipped tests and their count.
# Under CI=true a service that does not start fails the run (after pytest has run, so the
# report is complete), and conftest.py turns every skipped test into a failure; elsewhere a
# missing service is a warning and its tests are skipped.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/services/lib.sh"
work="$(mktemp -d)"
chmod 755 "$work"
cleanup() {
  for service in postgres s3 mariadb azurite; do
    bash "$root/scripts/services/$service.sh" stop "$work/$service" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
missing=()
start() { # service, what is skipped without it
  local exports
  if exports="$(start_service "$1" "$work/$1" "$2")"; then eval "$exports"; else missing+=("$1"); fi
}
# The independent Delta reader (test_delta_independent.py) needs tests/node_modules; installed
# before any service runs from it.
if [[ ! -d "$root/tests/node_modules/@duckdb/node-api" ]]; then
  npm ci --prefix "$root/tests" --no-audit --no-fund >"$work/npm.log" 2>&1 ||
    { echo "error: npm ci --prefix tests failed; see below" >&2; tail -20 "$work/npm.log" >&2; }
fi
start postgres "the PostgreSQL tests"
start mariadb "the MariaDB tests"
start s3 "the S3 cloud tests"
start azurite "the Azure cloud tests"
cd "$root" && /usr/bin/python3 -m pytest -q -rs -p no:cacheprovider tests/python "$@"
status=$?
if ((${#missing[@]})); then
  echo "error: under CI these services did not start: ${missing[*]}" >&2
  exit 1
fi
exit "$status"
