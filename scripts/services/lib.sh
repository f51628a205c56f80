# Helpers for the service scripts. Sourced.

# A free TCP port on 127.0.0.1 (asks the kernel, then releases it).
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Wait until `cmd...` succeeds, at most $1 seconds.
wait_for() {
  local seconds="$1"; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# True under CI (CI=true or CI=1): there a service that does not start, or a test skipped for
# want of one, fails the run instead of warning.
in_ci() { [[ "${CI:-}" == true || "${CI:-}" == 1 ]]; }

# Start service $1 (a script here) with state in $2 and print its exports for eval. When it
# does not start: an error under CI (status 1), else a warning (status 0, nothing to eval).
start_service() { # service, state dir, what is skipped without it
  local exports
  if exports="$(bash "$(dirname "${BASH_SOURCE[0]}")/$1.sh" start "$2")"; then
    printf '%s\n' "$exports"
  elif in_ci; then
    echo "error: $1 did not start (CI=$CI); $3 cannot run" >&2
    return 1
  else
    echo "warning: $1 did not start; $3 will be skipped" >&2
  fi
}

# The number of tests a gtest run skipped, from its output (0 when none).
gtest_skipped() { # output file
  local n
  n="$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) tests\{0,1\}, listed below:.*/\1/p' "$1" | tail -1)"
  echo "${n:-0}"
}
