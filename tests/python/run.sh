#!/usr/bin/env bash
# The Python suite with its real peers: throw-away PostgreSQL 15, MariaDB and an S3 server (moto,
# signature checks on) on loopback, stopped on exit even when tests fail; then pytest under
# Debian's /usr/bin/python3.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
chmod 755 "$work"
cleanup() {
  bash "$root/scripts/services/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true
  bash "$root/scripts/services/s3.sh" stop "$work/s3" >/dev/null 2>&1 || true
  bash "$root/scripts/services/mariadb.sh" stop "$work/my" >/dev/null 2>&1 || true
  bash "$root/scripts/services/azurite.sh" stop "$work/azurite" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if exports="$(bash "$root/scripts/services/postgres.sh" start "$work/pg")"; then
  eval "$exports"
else
  echo "warning: PostgreSQL did not start; database tests will be skipped" >&2
fi
if exports="$(bash "$root/scripts/services/mariadb.sh" start "$work/my")"; then
  eval "$exports"
else
  echo "warning: MariaDB did not start; its tests will be skipped" >&2
fi
if exports="$(bash "$root/scripts/services/s3.sh" start "$work/s3")"; then
  eval "$exports"
else
  echo "warning: the S3 server did not start; cloud tests will be skipped" >&2
fi
if exports="$(bash "$root/scripts/services/azurite.sh" start "$work/azurite")"; then
  eval "$exports"
else
  echo "warning: Azurite did not start; Azure cloud tests will be skipped" >&2
fi
cd "$root" && /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python "$@"
