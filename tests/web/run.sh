#!/usr/bin/env bash
# The web app end to end: a throw-away Flowfile home (key file source) with a SQLite file and a
# catalog table written by the Python module, an S3 server (moto, signatures checked) holding a
# bucket to browse, the real `flowfile ui --port 0 --no-browser` serving the built front end, and
# Debian's Chromium driven by playwright-core (node --test).
#   FLOWFILE_CLI      the flowfile binary (default: build/release/cli/flowfile)
#   FLOWFILE_WEB_DIR  the built front end (default: web/dist)
#   FF_SCREENSHOTS    where screenshots go (default: build/ui-screenshots)
# Under CI=true a browser or S3 server that does not start fails the run; elsewhere the tests
# that need it skip.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/services/lib.sh"
here="$root/tests/web"
cli="${FLOWFILE_CLI:-$root/build/release/cli/flowfile}"
export FLOWFILE_WEB_DIR="${FLOWFILE_WEB_DIR:-$root/web/dist}"
export FF_SCREENSHOTS="${FF_SCREENSHOTS:-$root/build/ui-screenshots}"
fail() { echo "error: $*" >&2; exit 1; }

[[ -x "$cli" ]] || fail "no flowfile binary at $cli (set FLOWFILE_CLI)"
[[ -f "$FLOWFILE_WEB_DIR/index.html" ]] || fail "no built front end in $FLOWFILE_WEB_DIR (run scripts/setup or npm run build --prefix web)"
# The Python module of the same build, when the binary sits in a build tree.
build_tree="$(dirname "$(dirname "$cli")")"
[[ -d "$build_tree/python/flowfile" ]] && export PYTHONPATH="$build_tree/python${PYTHONPATH:+:$PYTHONPATH}"

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null || fail "npm ci in tests/web failed"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  bash "$root/scripts/services/s3.sh" stop "$work/s3" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
export FLOWFILE_HOME="$work/home" FLOWFILE_KEYRING=0
unset FLOWFILE_MASTER_KEY FLOWFILE_MASTER_KEY_PREVIOUS

/usr/bin/python3 "$here/fixtures.py" "$work" >"$work/fixtures.log" 2>&1 ||
  { cat "$work/fixtures.log" >&2; fail "making the test data failed"; }

# A bucket to browse: s3://ff-web/readme.txt and s3://ff-web/data/{a,b}.csv.
exports="$(start_service s3 "$work/s3" "the cloud browsing test")" || exit 1
eval "$exports"
if [[ -n "${FLOWFILE_TEST_S3_ENDPOINT:-}" ]]; then
  "$FLOWFILE_TEST_S3_PYTHON" - <<'PY' || fail "filling the S3 bucket failed"
import os
import boto3
s3 = boto3.client("s3", endpoint_url=os.environ["FLOWFILE_TEST_S3_ENDPOINT"], region_name="us-east-1",
                  aws_access_key_id=os.environ["FLOWFILE_TEST_S3_KEY_ID"],
                  aws_secret_access_key=os.environ["FLOWFILE_TEST_S3_SECRET"])
s3.create_bucket(Bucket="ff-web")
s3.put_object(Bucket="ff-web", Key="readme.txt", Body=b"hello")
for name in ("a", "b"):
    s3.put_object(Bucket="ff-web", Key=f"data/{name}.csv", Body=b"id\n1\n")
PY
fi

"$cli" ui --port 0 --no-browser >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Flowfile UI: \(http[^ ]*\).*/\1/p' "$work/server.log" | head -1)"
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  cat "$work/server.log" >&2
  fail "flowfile ui printed no URL"
fi
mkdir -p "$FF_SCREENSHOTS"
FF_URL="$url" FF_WORK="$work" node --test --test-reporter=spec "$here/app.test.mjs"
status=$?
if ((status != 0)); then
  echo "--- server log" >&2
  tail -40 "$work/server.log" >&2
fi
exit "$status"
