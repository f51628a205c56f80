"""Cloud storage by connection name with storage_type="gcs".

- JSON API + service account: against tests/python/fake_gcs_server.py, which verifies the JWT's
  RS256 signature with the key's public half and wants a Bearer token on every call (no GCS
  emulator installs from this machine's registries). Objects are read back over plain HTTP.
- HMAC keys over the S3-compatible XML API: against moto (run.sh), which checks the SigV4
  signature, so a wrongly signed request fails the test.
"""

import json
import os
import pathlib
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

HERE = pathlib.Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def gcs(tmp_path_factory):
    """A running fake GCS: (base URL, service-account key dict, private key PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    work = tmp_path_factory.mktemp("gcs")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    (work / "public.pem").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    port_file = work / "port"
    server = subprocess.Popen([sys.executable, str(HERE / "fake_gcs_server.py"), str(work / "public.pem"),
                               str(port_file)])
    for _ in range(100):
        if port_file.exists() and port_file.read_text():
            break
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port_file.read_text()}"
    account = {"type": "service_account", "project_id": "flowfile-test", "private_key_id": "k1",
               "private_key": pem, "client_email": "pipeline@flowfile-test.iam.gserviceaccount.com",
               "token_uri": f"{base}/token"}
    yield base, account, pem
    server.terminate()
    server.wait(timeout=10)


def python_token(base: str, account: dict) -> str:
    """An access token by the JWT-bearer flow, signed by `cryptography` (not by Flowfile)."""
    import base64

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    now = int(time.time())
    head = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"iss": account["client_email"], "aud": account["token_uri"], "iat": now,
                             "exp": now + 600, "scope": "https://www.googleapis.com/auth/devstorage.read_only"}
                            ).encode())
    key = serialization.load_pem_private_key(account["private_key"].encode(), password=None)
    signature = b64(key.sign(f"{head}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256()))
    form = urllib.parse.urlencode({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                                   "assertion": f"{head}.{claims}.{signature}"}).encode()
    with urllib.request.urlopen(urllib.request.Request(account["token_uri"], data=form), timeout=30) as r:
        return json.loads(r.read())["access_token"]


def call(base: str, method: str, path: str, token: str | None = None) -> bytes:
    request = urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


@pytest.fixture()
def lake(ff, gcs):
    base, account, _ = gcs
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="gcs-lake", storage_type="gcs", auth_method="service_account",
        gcs_service_account_key=ff.SecretStr(json.dumps(account)), gcs_project_id="flowfile-test",
        endpoint_url=base))
    bucket = "lake-" + os.urandom(4).hex()
    call(base, "POST", f"/_buckets/{bucket}")
    return bucket


def test_seed_cloud_snippet_with_gcs(ff, gcs, lake):
    base, _, _ = gcs
    before = json.loads(call(base, "GET", "/_stats"))["token_requests"]
    df = ff.from_dict({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Pune"]})
    df.write_parquet_to_cloud_storage(f"gs://{lake}/output.parquet", connection_name="gcs-lake")
    back = ff.scan_parquet_from_cloud_storage(f"gs://{lake}/output.parquet", connection_name="gcs-lake")
    assert sorted(back.collect().rows()) == [(1, "Oslo"), (2, "Lima"), (3, "Pune")]
    # gcs:// is the same scheme; the token is fetched once and reused across calls.
    again = ff.scan_parquet_from_cloud_storage(f"gcs://{lake}/output.parquet", connection_name="gcs-lake")
    assert again.collect().height == 3
    stats = json.loads(call(base, "GET", "/_stats"))
    assert stats["token_requests"] - before <= 1


def test_objects_are_whole_for_another_reader_and_listing_pages(ff, gcs, lake, tmp_path):
    base, _, _ = gcs
    for i in range(5):  # the fake answers 2 objects a page, so listing must follow page tokens
        ff.from_dict({"k": [f"r{i}"], "v": [i]}).write_csv_to_cloud_storage(
            f"gs://{lake}/parts/p{i}.csv", connection_name="gcs-lake", delimiter=",")
    urls = [o["url"] for o in ff.list_cloud_objects("gcs-lake", f"gs://{lake}/parts/")]
    assert urls == [f"gs://{lake}/parts/p{i}.csv" for i in range(5)]
    every = ff.scan_csv_from_cloud_storage(f"gs://{lake}/parts/*.csv", connection_name="gcs-lake",
                                           delimiter=",")
    assert sorted(every.collect().rows()) == [(f"r{i}", i) for i in range(5)]
    # Another client (Python's own JWT flow) reads the bytes we wrote over plain HTTP.
    token = python_token(base, gcs[1])
    assert call(base, "GET", f"/storage/v1/b/{lake}/o/parts%2Fp0.csv?alt=media", token).decode() == "k,v\nr0,0\n"
    with pytest.raises(urllib.error.HTTPError) as refused:  # and the fake does want a token
        call(base, "GET", f"/storage/v1/b/{lake}/o/parts%2Fp0.csv?alt=media")
    assert refused.value.code == 401


def test_large_object_goes_through_a_resumable_upload(ff, gcs, lake, tmp_path):
    import numpy as np
    rng = np.random.default_rng(11)
    frame = ff.from_dict({"x": rng.random(1_500_000).tolist()})  # ~12 MB of Parquet: resumable
    frame.write_parquet_to_cloud_storage(f"gs://{lake}/big.parquet", connection_name="gcs-lake")
    info = [o for o in ff.list_cloud_objects("gcs-lake", f"gs://{lake}/big.parquet")]
    assert len(info) == 1 and info[0]["size"] > 8 * 1024 * 1024
    back = ff.scan_parquet_from_cloud_storage(f"gs://{lake}/big.parquet", connection_name="gcs-lake")
    assert back.collect().height == 1_500_000


def test_a_key_the_server_does_not_know_is_refused_and_never_shown(ff, gcs, lake):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    base, account, real_pem = gcs
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="gcs-wrong", storage_type="gcs", auth_method="service_account",
        gcs_service_account_key=ff.SecretStr(json.dumps(dict(account, private_key=other))),
        endpoint_url=base))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"gs://{lake}/anything.parquet", connection_name="gcs-wrong")
    message = str(denied.value)
    assert "gcs-wrong" in message
    for secret_line in other.splitlines()[1:-1] + real_pem.splitlines()[1:-1]:
        assert secret_line not in message


def test_missing_bucket_and_object_are_not_found(ff, lake):
    with pytest.raises(ff.NotFoundError) as missing:
        ff.scan_parquet_from_cloud_storage("gs://no-such-bucket/data.parquet", connection_name="gcs-lake")
    assert "no-such-bucket" in str(missing.value)
    with pytest.raises(ff.NotFoundError) as gone:
        ff.scan_parquet_from_cloud_storage(f"gs://{lake}/gone.parquet", connection_name="gcs-lake")
    assert "gone.parquet" in str(gone.value)


S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}


@pytest.mark.skipif(not S3["ENDPOINT"], reason="no S3 server (FLOWFILE_TEST_S3_ENDPOINT)")
def test_hmac_keys_go_over_the_xml_api_signed(ff):
    """storage_type gcs with HMAC keys speaks the S3-compatible XML API (SigV4): moto checks
    the signature, so a wrong secret must be refused."""
    bucket = "hmac-" + os.urandom(4).hex()
    made = subprocess.run([S3["PYTHON"], "-c", (
        "import boto3; boto3.client('s3', endpoint_url=%r, region_name=%r, aws_access_key_id=%r, "
        "aws_secret_access_key=%r).create_bucket(Bucket=%r)") % (
        S3["ENDPOINT"], S3["REGION"], S3["KEY_ID"], S3["SECRET"], bucket)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr[-1000:]

    def connection(name, secret):
        return ff.FullCloudStorageConnection(
            connection_name=name, storage_type="gcs", auth_method="access_key", aws_region=S3["REGION"],
            aws_access_key_id=S3["KEY_ID"], aws_secret_access_key=ff.SecretStr(secret),
            endpoint_url=S3["ENDPOINT"], aws_allow_unsafe_html=True)

    ff.create_cloud_storage_connection(connection("gcs-hmac", S3["SECRET"]))
    ff.from_dict({"a": [1, 2]}).write_parquet_to_cloud_storage(f"gs://{bucket}/t.parquet", connection_name="gcs-hmac")
    assert ff.scan_parquet_from_cloud_storage(f"gs://{bucket}/t.parquet", connection_name="gcs-hmac") \
        .collect().rows() == [(1,), (2,)]
    wrong = "wrong-secret-" + os.urandom(6).hex()
    ff.create_cloud_storage_connection(connection("gcs-hmac-wrong", wrong))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"gs://{bucket}/t.parquet", connection_name="gcs-hmac-wrong").collect()
    assert wrong not in str(denied.value)


def test_delta_on_gcs_commits_if_absent(ff, gcs, lake):
    base, _, _ = gcs
    url = f"gs://{lake}/tables/t"
    ff.from_dict({"id": [1, 2]}).write_delta(url, connection_name="gcs-lake")
    ff.from_dict({"id": [3]}).write_delta(url, connection_name="gcs-lake", write_mode="append")
    assert sorted(ff.scan_delta(url, connection_name="gcs-lake").collect().rows()) == [(1,), (2,), (3,)]
    assert ff.scan_delta(url, connection_name="gcs-lake", version=0).collect().height == 2
    token = python_token(base, gcs[1])
    commit = call(base, "GET", f"/storage/v1/b/{lake}/o/tables%2Ft%2F_delta_log%2F00000000000000000001.json?alt=media",
                  token).decode()
    assert '"add"' in commit and '"operation":"WRITE"' in commit


def test_downloads_are_checked_against_the_recorded_md5(ff, gcs, lake):
    base, _, _ = gcs
    ff.from_dict({"id": [1, 2, 3]}).write_parquet_to_cloud_storage(f"gs://{lake}/checked.parquet",
                                                                   connection_name="gcs-lake")
    call(base, "POST", f"/_corrupt/{lake}/checked.parquet")
    with pytest.raises(Exception) as corrupt:
        ff.scan_parquet_from_cloud_storage(f"gs://{lake}/checked.parquet", connection_name="gcs-lake")
    assert "MD5" in str(corrupt.value) and "checked.parquet" in str(corrupt.value)
