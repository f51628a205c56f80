#!/usr/bin/env bash
# Run the PostgreSQL integration tests against a throw-away PostgreSQL 15 on loopback.
#   tests/integration/run_postgres_tests.sh <flowfile_unit_tests> [more test binaries...] [extra gtest args]
# Every binary given (e.g. the release and the ASan + UBSan builds) runs against the one server.
# Starts the server (scripts/services/postgres.sh), exports FLOWFILE_TEST_PG_*, runs
# --gtest_filter=PostgresIntegration*, prints how many tests were skipped, and stops the server
# whatever happens. Under CI=true a server that does not start, or a skipped test, fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/services/lib.sh"
binaries=()
while (($#)) && [[ "$1" != -* ]]; do
  [[ -x "$1" ]] || { echo "error: no test binary at '$1' (is it built?)" >&2; exit 1; }
  binaries+=("$1")
  shift
done
((${#binaries[@]})) || { echo "usage: $0 <flowfile_unit_tests>... [gtest args]" >&2; exit 1; }
state="$(mktemp -d)"
cleanup() {
  "$root/scripts/services/postgres.sh" stop "$state" || true
  rm -rf "$state"
}
trap cleanup EXIT
exports="$(start_service postgres "$state" "the PostgreSQL integration tests")"
eval "$exports"
status=0
skipped=0
for binary in "${binaries[@]}"; do
  echo "== $binary"
  # Sanitizer reports fail the run. A small quarantine keeps freed memory from counting as
  # peak RSS in the memory-bound tests (ASan holds 256 MiB of freed blocks by default).
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=16}" UBSAN_OPTIONS=print_stacktrace=1 \
    "$binary" --gtest_filter='PostgresIntegration*' "$@" | tee "$state/gtest.log" || status=$?
  skipped=$((skipped + $(gtest_skipped "$state/gtest.log")))
done
echo "skipped tests: $skipped"
if in_ci && ((skipped > 0)); then
  echo "error: $skipped test(s) skipped under CI=$CI" >&2
  exit 1
fi
exit "$status"
