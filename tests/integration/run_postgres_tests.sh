#!/usr/bin/env bash
# Run the PostgreSQL integration tests against a throw-away PostgreSQL 15 on loopback.
#   tests/integration/run_postgres_tests.sh <path to flowfile_unit_tests> [extra gtest args]
# Starts the server (scripts/services/postgres.sh), exports FLOWFILE_TEST_PG_*, runs
# --gtest_filter=PostgresIntegration*, and stops the server whatever happens.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:?usage: $0 <flowfile_unit_tests> [gtest args]}"
shift
state="$(mktemp -d)"
cleanup() {
  "$root/scripts/services/postgres.sh" stop "$state" || true
  rm -rf "$state"
}
trap cleanup EXIT
eval "$("$root/scripts/services/postgres.sh" start "$state")"
"$binary" --gtest_filter='PostgresIntegration*' "$@"
