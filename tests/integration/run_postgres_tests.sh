#!/usr/bin/env bash
# Run the PostgreSQL integration tests against a throw-away PostgreSQL 15 on loopback.
#   tests/integration/run_postgres_tests.sh <path to flowfile_unit_tests> [extra gtest args]
# Starts the server (scripts/services/postgres.sh), exports FLOWFILE_TEST_PG_*, runs
# --gtest_filter=PostgresIntegration*, prints how many tests were skipped, and stops the server
# whatever happens. Under CI=true a server that does not start, or a skipped test, fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/services/lib.sh"
binary="${1:?usage: $0 <flowfile_unit_tests> [gtest args]}"
shift
state="$(mktemp -d)"
cleanup() {
  "$root/scripts/services/postgres.sh" stop "$state" || true
  rm -rf "$state"
}
trap cleanup EXIT
exports="$(start_service postgres "$state" "the PostgreSQL integration tests")"
eval "$exports"
status=0
"$binary" --gtest_filter='PostgresIntegration*' "$@" | tee "$state/gtest.log" || status=$?
skipped="$(gtest_skipped "$state/gtest.log")"
echo "skipped tests: $skipped"
if in_ci && ((skipped > 0)); then
  echo "error: $skipped test(s) skipped under CI=$CI" >&2
  exit 1
fi
exit "$status"
