"""Cloud storage by connection name against moto (signature checks on; started by run.sh).

Objects we write are read back by boto3 (the independent client in the pyenv interpreter)
and objects boto3 writes are read by us."""

import os
import subprocess
import textwrap

import pytest

S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}
pytestmark = pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")


def boto(code: str) -> str:
    """Runs boto3 code in the pyenv interpreter (`s3` is a client for the test server)."""
    prelude = textwrap.dedent(f"""
        import boto3, io, sys
        s3 = boto3.client("s3", endpoint_url={S3['ENDPOINT']!r}, region_name={S3['REGION']!r},
                          aws_access_key_id={S3['KEY_ID']!r}, aws_secret_access_key={S3['SECRET']!r})
    """)
    out = subprocess.run([S3["PYTHON"], "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def lake_connection(ff, secret=None, scopes=None):
    return ff.FullCloudStorageConnection(
        connection_name="data-lake", storage_type="s3", auth_method="access_key",
        aws_region=S3["REGION"], aws_access_key_id=S3["KEY_ID"],
        aws_secret_access_key=ff.SecretStr(secret or S3["SECRET"]), endpoint_url=S3["ENDPOINT"],
        aws_allow_unsafe_html=True, scopes=scopes or [])


@pytest.fixture()
def data_lake(ff, tmp_path):
    ff.create_cloud_storage_connection(lake_connection(ff))
    bucket = "bucket-" + os.urandom(4).hex()
    local = tmp_path / "data.parquet"
    ff.from_dict({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Pune"]}).write_parquet(local)
    boto(f"""
        s3.create_bucket(Bucket={bucket!r})
        s3.upload_file({str(local)!r}, {bucket!r}, "data.parquet")
    """)
    return bucket


def test_seed_cloud_snippets(ff, data_lake):
    bucket = data_lake
    df = ff.scan_parquet_from_cloud_storage(
        f"s3://{bucket}/data.parquet",
        connection_name="data-lake",
    )
    df.write_parquet_to_cloud_storage(
        f"s3://{bucket}/output.parquet",
        connection_name="data-lake",
    )
    assert sorted(df.collect().rows()) == [(1, "Oslo"), (2, "Lima"), (3, "Pune")]
    # boto3 reads back what we wrote, and pyarrow-free: check the Parquet magic and size.
    head = boto(f"""
        body = s3.get_object(Bucket={bucket!r}, Key="output.parquet")["Body"].read()
        print(body[:4].decode(), body[-4:].decode(), len(body) > 100)
    """)
    assert head == "PAR1 PAR1 True"
    again = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/output.parquet", connection_name="data-lake")
    assert sorted(again.collect().rows()) == [(1, "Oslo"), (2, "Lima"), (3, "Pune")]


def test_csv_json_globs_and_listing(ff, data_lake):
    bucket = data_lake
    frame = ff.from_dict({"k": ["a", "b"], "v": [1, 2]})
    frame.write_csv_to_cloud_storage(f"s3://{bucket}/parts/one.csv", connection_name="data-lake")
    frame.write_csv_to_cloud_storage(f"s3://{bucket}/parts/two.csv", connection_name="data-lake")
    frame.write_json_to_cloud_storage(f"s3://{bucket}/rows.ndjson", connection_name="data-lake")
    both = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/parts/*.csv", connection_name="data-lake")
    assert both.collect().height == 4
    folder = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/parts/", connection_name="data-lake")
    assert folder.collect().height == 4
    rows = ff.scan_json_from_cloud_storage(f"s3://{bucket}/rows.ndjson", connection_name="data-lake")
    assert sorted(rows.collect().rows()) == [("a", 1), ("b", 2)]
    csv_text = boto(f"""print(s3.get_object(Bucket={bucket!r}, Key="parts/one.csv")["Body"].read().decode())""")
    assert csv_text.splitlines() == ["k;v", "a;1", "b;2"]
    urls = [o["url"] for o in ff.list_cloud_objects("data-lake", f"s3://{bucket}/parts/")]
    assert urls == [f"s3://{bucket}/parts/one.csv", f"s3://{bucket}/parts/two.csv"]
    top = ff.list_cloud_objects("data-lake", f"s3://{bucket}/", recursive=False)
    assert [(o["url"], o["is_folder"]) for o in top] == [
        (f"s3://{bucket}/data.parquet", False), (f"s3://{bucket}/parts/", True),
        (f"s3://{bucket}/rows.ndjson", False)]
    page = ff.list_cloud_objects("data-lake", f"s3://{bucket}/", limit=1, start_after=f"s3://{bucket}/parts/one.csv")
    assert [o["url"] for o in page] == [f"s3://{bucket}/parts/two.csv"]


def test_wrong_secret_is_rejected_and_never_shown(ff, data_lake):
    ff.update_cloud_storage_connection(lake_connection(ff, secret="not-the-secret-42"))
    with pytest.raises(ff.FlowfileError) as denied:
        ff.scan_parquet_from_cloud_storage(f"s3://{data_lake}/data.parquet", connection_name="data-lake")
    assert "not-the-secret-42" not in str(denied.value) and S3["SECRET"] not in str(denied.value)


def test_missing_bucket_and_unknown_connection(ff, data_lake):
    with pytest.raises(ff.FlowfileError) as missing:
        ff.scan_parquet_from_cloud_storage("s3://no-such-bucket-xyz/data.parquet", connection_name="data-lake")
    assert "no-such-bucket-xyz" in str(missing.value) or "NoSuchBucket" in str(missing.value)
    with pytest.raises(ff.NotFoundError) as unknown:
        ff.scan_parquet_from_cloud_storage(f"s3://{data_lake}/data.parquet", connection_name="data-lak")
    assert "data-lake" in str(unknown.value)


def test_scopes_pick_the_connection_on_segment_boundaries(ff, data_lake):
    ff.update_cloud_storage_connection(lake_connection(ff, scopes=[f"s3://{data_lake}"]))
    assert ff.which_connection(f"s3://{data_lake}/data.parquet") == "data-lake"
    with pytest.raises(ff.NotFoundError):
        ff.which_connection(f"s3://{data_lake}-evil/data.parquet")
    assert ff.which_connection(f"s3a://{data_lake}/data.parquet") == "data-lake"  # same provider
    with pytest.raises(ff.NotFoundError):
        ff.which_connection(f"gs://{data_lake}/data.parquet")  # same bucket name, other provider
    df = ff.scan_parquet_from_cloud_storage(f"s3://{data_lake}/data.parquet")
    assert df.collect().height == 3


ROLE = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ROLE_ARN", "UNTRUSTED_ROLE_ARN", "ROLE_BUCKET_PREFIX")}


def role_connection(ff, name, role_arn):
    """iam_role: the test user's key signs STS AssumeRole; S3 then sees only the role's keys."""
    return ff.FullCloudStorageConnection(
        connection_name=name, storage_type="s3", auth_method="iam_role", aws_region=S3["REGION"],
        aws_access_key_id=S3["KEY_ID"], aws_secret_access_key=ff.SecretStr(S3["SECRET"]),
        aws_role_arn=role_arn, endpoint_url=S3["ENDPOINT"], aws_allow_unsafe_html=True)


@pytest.mark.skipif(not ROLE["ROLE_ARN"], reason="no test role (FLOWFILE_TEST_S3_ROLE_ARN from s3.sh)")
def test_iam_role_assumes_the_role_and_reads_and_writes_within_its_policy(ff, data_lake):
    ff.create_cloud_storage_connection(role_connection(ff, "as-role", ROLE["ROLE_ARN"]))
    bucket = (ROLE["ROLE_BUCKET_PREFIX"] or "flowfile-role-") + os.urandom(4).hex()
    boto(f"s3.create_bucket(Bucket={bucket!r})")
    frame = ff.from_dict({"id": [1, 2], "city": ["Oslo", "Lima"]})
    frame.write_parquet_to_cloud_storage(f"s3://{bucket}/by-role.parquet", connection_name="as-role")
    back = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/by-role.parquet", connection_name="as-role")
    assert sorted(back.collect().rows()) == [(1, "Oslo"), (2, "Lima")]
    # The user's own key (boto3) sees the object the role wrote.
    assert boto(f"""print(s3.get_object(Bucket={bucket!r}, Key="by-role.parquet")["Body"].read()[:4].decode())""") == "PAR1"
    # data_lake's bucket is outside the role's policy: moto refuses the temporary key there.
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"s3://{data_lake}/data.parquet", connection_name="as-role")
    # (a HEAD, so no error body: the status says it)
    assert "denied" in str(denied.value).lower() and S3["SECRET"] not in str(denied.value)


@pytest.mark.skipif(not ROLE["UNTRUSTED_ROLE_ARN"], reason="no untrusted test role (s3.sh)")
def test_iam_role_the_user_may_not_assume_is_refused(ff, data_lake):
    ff.create_cloud_storage_connection(role_connection(ff, "not-trusted", ROLE["UNTRUSTED_ROLE_ARN"]))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"s3://{data_lake}/data.parquet", connection_name="not-trusted")
    message = str(denied.value)
    assert "AccessDenied" in message and "SignatureDoesNotMatch" not in message
    assert S3["SECRET"] not in message
