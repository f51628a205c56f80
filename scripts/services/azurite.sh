#!/usr/bin/env bash
# Start or stop a throw-away Azurite (Azure Blob Storage emulator) on loopback for tests.
#   azurite.sh start DIR   -> prints shell exports (FLOWFILE_TEST_AZURE_*) to eval
#   azurite.sh stop DIR
#
# Blob service only, on a free port, data in DIR. Not --loose: Azurite checks every Shared Key
# signature against the account below, whose key is random per start (AZURITE_ACCOUNTS), so a
# wrongly signed request is rejected and no well-known key can pass by accident.
# --skipApiVersionCheck: @azure/storage-blob 12.34 sends a service version newer than Azurite
# 3.37 knows; it changes no authentication check.
# Azurite comes from tests/package.json; it is installed (npm ci) when tests/node_modules lacks it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
action="${1:?start|stop}"
dir="${2:?state directory}"
main_js="$root/tests/node_modules/azurite/dist/src/blob/main.js"

case "$action" in
  start)
    mkdir -p "$dir/data"
    if [[ ! -f "$main_js" ]]; then
      npm ci --prefix "$root/tests" --no-audit --no-fund >"$dir/npm.log" 2>&1 || {
        echo "npm ci --prefix tests failed; see $dir/npm.log" >&2
        exit 1
      }
    fi
    port=$(free_port)
    account="flowfiletest"
    key=$(/usr/bin/python3 -c 'import base64, os; print(base64.b64encode(os.urandom(64)).decode())')
    AZURITE_ACCOUNTS="$account:$key" node "$main_js" --blobHost 127.0.0.1 --blobPort "$port" \
      --location "$dir/data" --skipApiVersionCheck --disableTelemetry --debug "$dir/debug.log" >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    trap 'kill "$(cat "$dir/pid")" 2>/dev/null; rm -f "$dir/pid"' ERR
    # Any HTTP answer (Azurite says 400 to a bare GET) means the server is listening.
    probe() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/$account?comp=list"; }
    if ! wait_for 60 probe; then
      echo "Azurite did not start; see $dir/server.log" >&2
      exit 1
    fi
    echo "export FLOWFILE_TEST_AZURE_ENDPOINT=http://127.0.0.1:$port/$account" \
      "FLOWFILE_TEST_AZURE_ACCOUNT=$account FLOWFILE_TEST_AZURE_KEY=$key" \
      "FLOWFILE_TEST_AZURE_NODE_MODULES=$root/tests/node_modules FLOWFILE_TEST_AZURE_DIR=$dir"
    ;;
  stop)
    if [[ -f "$dir/pid" ]]; then
      pid="$(cat "$dir/pid")"
      kill "$pid" 2>/dev/null || true
      # Azurite closes gracefully on SIGTERM; wait, so the caller may delete DIR afterwards.
      gone() { ! kill -0 "$pid" 2>/dev/null; }
      wait_for 10 gone || kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
