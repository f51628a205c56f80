#!/usr/bin/env bash
# Start or stop a throw-away MariaDB on loopback for tests.
#   mariadb.sh start DIR   -> prints shell exports (FLOWFILE_TEST_MYSQL_*) to eval
#   mariadb.sh stop DIR
# Own data directory and socket in DIR, a free port, a password user `flowfile` with a
# database `flowfile_test`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
action="${1:?start|stop}"
dir="${2:?data directory}"

case "$action" in
  start)
    mkdir -p "$dir"
    user_opt=()
    [[ $(id -u) == 0 ]] && { chown mysql: "$dir" 2>/dev/null || true; user_opt=(--user=mysql); }
    port=$(free_port)
    password="my-test-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    mariadb-install-db "${user_opt[@]}" --datadir="$dir/data" --auth-root-authentication-method=socket \
      --skip-test-db >"$dir/install.log" 2>&1
    mariadbd "${user_opt[@]}" --datadir="$dir/data" --socket="$dir/mysqld.sock" --port="$port" \
      --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --skip-name-resolve \
      --innodb-flush-log-at-trx-commit=0 --log-error="$dir/server.log" >>"$dir/stdout.log" 2>&1 &
    wait_for 60 mariadb --socket="$dir/mysqld.sock" -uroot -e 'select 1'
    mariadb --socket="$dir/mysqld.sock" -uroot <<SQL
CREATE DATABASE flowfile_test;
CREATE USER 'flowfile'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL ON *.* TO 'flowfile'@'127.0.0.1';
SQL
    echo "export FLOWFILE_TEST_MYSQL_HOST=127.0.0.1 FLOWFILE_TEST_MYSQL_PORT=$port FLOWFILE_TEST_MYSQL_USER=flowfile FLOWFILE_TEST_MYSQL_PASSWORD=$password FLOWFILE_TEST_MYSQL_DATABASE=flowfile_test FLOWFILE_TEST_MYSQL_DIR=$dir"
    ;;
  stop)
    if [[ -f "$dir/mysqld.pid" ]]; then
      kill "$(cat "$dir/mysqld.pid")" 2>/dev/null || true
      wait_for 30 bash -c "! kill -0 $(cat "$dir/mysqld.pid") 2>/dev/null" || kill -9 "$(cat "$dir/mysqld.pid")" 2>/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
