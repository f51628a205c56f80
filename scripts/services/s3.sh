#!/usr/bin/env bash
# Start or stop a throw-away S3 server (moto) on loopback for tests.
#   s3.sh start DIR   -> prints shell exports (FLOWFILE_TEST_S3_*) to eval
#   s3.sh stop DIR
#
# Moto checks SigV4 signatures only while IAM authentication is on, and only for access keys
# that exist in its IAM backend. The recipe that works (moto 5.x):
#   1. start moto.server (through the launcher below) with auth off (the default: INITIAL_NO_AUTH_ACTION_COUNT is
#      infinite), and probe health through /moto-api/data.json, which never counts as an action;
#   2. with any dummy credentials, create an IAM user, give it an inline policy allowing s3:*,
#      and create an access key for it (boto3 against the server's endpoint);
#   3. POST "0" to /moto-api/reset-auth: from then on every request must be signed by a known
#      key with a valid signature (a wrong secret gets 403 SignatureDoesNotMatch).
# For STS AssumeRole the same step 2 also creates two roles the user may call sts:AssumeRole on:
#   flowfile-test-role (FLOWFILE_TEST_S3_ROLE_ARN): trusts the user; its inline policy allows s3:*
#     on buckets named flowfile-role-* only (FLOWFILE_TEST_S3_ROLE_BUCKET_PREFIX);
#   flowfile-test-untrusted-role (FLOWFILE_TEST_S3_UNTRUSTED_ROLE_ARN): its trust policy names
#     another principal, so assuming it is AccessDenied.
# Moto 5.x enforces all of it: AssumeRole needs both the caller's sts:AssumeRole permission and
# the role's trust policy, and requests signed with the temporary key (an ASIA... id plus
# X-Amz-Security-Token) are authorized by the role's own policies, resource ARNs included.
# Starting with INITIAL_NO_AUTH_ACTION_COUNT=0 instead would reject step 2 itself, and a fixed
# count breaks as soon as a health probe hits a counted endpoint.
# Moto and boto3 live in the pyenv `python3` first on PATH, not in Debian's /usr/bin/python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
action="${1:?start|stop}"
dir="${2:?state directory}"
py="$(command -v python3)"

# Moto 5.x recomputes a request's signature from its path and query as it received them, while
# botocore's S3 signer uses them verbatim: any key or query value that needs percent-encoding
# (a '/' in prefix=, '$' in a key) then fails even for boto3. This launcher puts path and query
# into SigV4's canonical S3 form (decode, then encode once with the unreserved set) before moto
# checks, which is what AWS itself does. The HMAC is still computed with the stored secret, so a
# wrong key or a wrongly signed request is still rejected.
launcher='
import sys
from urllib.parse import quote, unquote
from moto.iam import access_control

original_init = access_control.IAMRequestBase.__init__

def canonical(text, safe):
    return quote(unquote(text), safe=safe)

def patched_init(self, account_id, method, path, *args, **kwargs):
    raw_path, _, query = path.partition("?")
    path = canonical(raw_path, "/-_.~")
    if query:
        pairs = [pair.partition("=") for pair in query.split("&") if pair]
        path += "?" + "&".join(canonical(k, "-_.~") + "=" + canonical(v, "-_.~") for k, _, v in pairs)
    original_init(self, account_id, method, path, *args, **kwargs)

access_control.IAMRequestBase.__init__ = patched_init
from moto.server import main
main(sys.argv[1:])
'

case "$action" in
  start)
    mkdir -p "$dir"
    port=$(free_port)
    endpoint="http://127.0.0.1:$port"
    "$py" -c "$launcher" -H 127.0.0.1 -p "$port" >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    trap 'kill "$(cat "$dir/pid")" 2>/dev/null; rm -f "$dir/pid"' ERR
    probe() { "$py" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$endpoint/moto-api/data.json"; }
    if ! wait_for 60 probe; then
      echo "moto did not start; see $dir/server.log" >&2
      exit 1
    fi
    creds=$("$py" - "$endpoint" <<'PY'
import json, sys, urllib.request
import boto3
endpoint = sys.argv[1]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="flowfile-test")
iam.put_user_policy(UserName="flowfile-test", PolicyName="s3-all", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
user_arn = iam.get_user(UserName="flowfile-test")["User"]["Arn"]
iam.put_user_policy(UserName="flowfile-test", PolicyName="assume-test-roles", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                   "Resource": "arn:aws:iam::*:role/flowfile-test-*"}]}))
def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})
role_arn = iam.create_role(RoleName="flowfile-test-role",
                           AssumeRolePolicyDocument=trust(user_arn))["Role"]["Arn"]
iam.put_role_policy(RoleName="flowfile-test-role", PolicyName="s3-role-buckets", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*",
                   "Resource": ["arn:aws:s3:::flowfile-role-*", "arn:aws:s3:::flowfile-role-*/*"]}]}))
untrusted_arn = iam.create_role(
    RoleName="flowfile-test-untrusted-role",
    AssumeRolePolicyDocument=trust(user_arn.rsplit("/", 1)[0] + "/someone-else"))["Role"]["Arn"]
key = iam.create_access_key(UserName="flowfile-test")["AccessKey"]
# text/plain: with a form content type Flask would swallow the body.
request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                 headers={"Content-Type": "text/plain"})
urllib.request.urlopen(request, timeout=5).read()
print(key["AccessKeyId"], key["SecretAccessKey"], role_arn, untrusted_arn)
PY
)
    read -r key_id secret role_arn untrusted_arn <<<"$creds"
    echo "export FLOWFILE_TEST_S3_ENDPOINT=$endpoint FLOWFILE_TEST_S3_REGION=us-east-1 FLOWFILE_TEST_S3_KEY_ID=$key_id FLOWFILE_TEST_S3_SECRET=$secret FLOWFILE_TEST_S3_PYTHON=$py FLOWFILE_TEST_S3_DIR=$dir FLOWFILE_TEST_S3_ROLE_ARN=$role_arn FLOWFILE_TEST_S3_UNTRUSTED_ROLE_ARN=$untrusted_arn FLOWFILE_TEST_S3_ROLE_BUCKET_PREFIX=flowfile-role-"
    ;;
  stop)
    if [[ -f "$dir/pid" ]]; then
      kill "$(cat "$dir/pid")" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
