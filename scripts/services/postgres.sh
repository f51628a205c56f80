#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL 15 on loopback for tests.
#   postgres.sh start DIR   -> prints shell exports (FLOWFILE_TEST_PG_*) to eval
#   postgres.sh stop DIR
# The server runs as the `postgres` OS user (PostgreSQL refuses root), with its data in DIR,
# on a free port, password authentication over TCP only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
bin=/usr/lib/postgresql/15/bin
action="${1:?start|stop}"
dir="${2:?data directory}"
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) == 0 ]] && chown postgres: "$dir"
    port=$(free_port)
    password="pg-test-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    pwfile="$(mktemp)"
    printf '%s\n' "$password" >"$pwfile"
    chmod 644 "$pwfile"
    as_pg "$bin/initdb" -D "$dir/data" -U flowfile --pwfile="$pwfile" -A scram-sha-256 >"$dir/initdb.log" 2>&1
    rm -f "$pwfile"
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "export FLOWFILE_TEST_PG_HOST=127.0.0.1 FLOWFILE_TEST_PG_PORT=$port FLOWFILE_TEST_PG_USER=flowfile FLOWFILE_TEST_PG_PASSWORD=$password FLOWFILE_TEST_PG_DATABASE=postgres FLOWFILE_TEST_PG_DIR=$dir"
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
