#!/usr/bin/env bash
# The OS keyring as the master-key source, end to end through the CLI, inside a private
# D-Bus session with an unlocked gnome-keyring (Secret Service). Usage:
#   run_keyring_test.sh [path/to/flowfile]
# Checks: the key is created in the keyring (not in a file), secrets round-trip, rotation
# moves the key inside the keyring, and a second process finds it.
set -euo pipefail
cli="${1:-flowfile}"
if [[ -z "${FLOWFILE_IN_DBUS:-}" ]]; then
  exec env FLOWFILE_IN_DBUS=1 dbus-run-session -- bash "$0" "$cli"
fi
eval "$(printf 'pw\n' | gnome-keyring-daemon --unlock --components=secrets)"
home="$(mktemp -d)/home"
export FLOWFILE_HOME="$home" FLOWFILE_KEYRING=1
unset FLOWFILE_MASTER_KEY
pass=0 fail=0
check() { # description, command...
  local what="$1"; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAILED: $what" >&2; fail=$((fail + 1)); fi
}
printf 'keyring-secret-value' | "$cli" secrets set token >/dev/null
info="$("$cli" key info --json)"
check "key source is the keyring" grep -q '"keyring"' <<<"$info"
check "no key file was written" test ! -e "$home/.secret_key"
check "the keyring holds the active key" bash -c "secret-tool search --all application flowfile role active 2>&1 | grep -q 'home = $home'"
check "secret readable" test "$("$cli" secrets get token --reveal)" = keyring-secret-value
before="$(grep -o '"fingerprint": *"[0-9a-f]*"' <<<"$info")"
"$cli" key rotate >/dev/null
after="$("$cli" key info --json | grep -o '"fingerprint": *"[0-9a-f]*"')"
check "rotation changed the key" test "$before" != "$after"
check "no staged key left" bash -c "! secret-tool search --all application flowfile role next 2>&1 | grep -q 'home = $home'"
check "secret readable after rotation" test "$("$cli" secrets get token --reveal)" = keyring-secret-value
echo "keyring: $pass passed, $fail failed"
((fail == 0))
