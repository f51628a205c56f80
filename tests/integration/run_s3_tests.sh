#!/usr/bin/env bash
# Run the S3 integration tests against a throw-away moto server on loopback.
#   tests/integration/run_s3_tests.sh <path to flowfile_unit_tests> [extra gtest args]
# Starts the server (scripts/services/s3.sh), exports FLOWFILE_TEST_S3_*, runs
# --gtest_filter=S3Integration*, and stops the server whatever happens.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:?usage: $0 <flowfile_unit_tests> [gtest args]}"
shift
state="$(mktemp -d)"
cleanup() {
  "$root/scripts/services/s3.sh" stop "$state" || true
  rm -rf "$state"
}
trap cleanup EXIT
eval "$("$root/scripts/services/s3.sh" start "$state")"
"$binary" --gtest_filter='S3Integration*' "$@"
