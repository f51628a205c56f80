"""`flowfile cloud cp` against moto (signature checks on; started by run.sh): files we upload
are read back by boto3 (pyenv interpreter) byte for byte, and objects boto3 uploads are
downloaded by us."""

import os
import shutil
import subprocess
import textwrap

import pytest

CLI = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}
pytestmark = [
    pytest.mark.skipif(not CLI, reason="set FLOWFILE_CLI to the built flowfile binary"),
    pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)"),
]


def boto(code: str) -> str:
    prelude = textwrap.dedent(f"""
        import boto3, sys
        s3 = boto3.client("s3", endpoint_url={S3['ENDPOINT']!r}, region_name={S3['REGION']!r},
                          aws_access_key_id={S3['KEY_ID']!r}, aws_secret_access_key={S3['SECRET']!r})
    """)
    out = subprocess.run([S3["PYTHON"], "-c", prelude + textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


@pytest.fixture
def cli(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("FLOWFILE_MASTER_KEY", "FLOWFILE_MASTER_KEY_PREVIOUS")}
    env.update({"FLOWFILE_HOME": str(tmp_path / "home"), "FLOWFILE_KEYRING": "0"})

    def run(*args, input=None, expect=0):
        result = subprocess.run([CLI, *args], input=input, env=env, capture_output=True, timeout=300,
                                stdin=None if input is not None else subprocess.DEVNULL)
        if expect is not None:
            assert result.returncode == expect, (args, result.returncode, result.stderr.decode())
        return result
    return run


@pytest.fixture
def bucket(cli):
    name = "cp-" + os.urandom(4).hex()
    boto(f"s3.create_bucket(Bucket={name!r})")
    cli("connections", "add", "cloud", "lake", "--storage-type", "s3", "--auth-method", "access_key",
        "--aws-region", S3["REGION"], "--aws-access-key-id", S3["KEY_ID"], "--endpoint-url", S3["ENDPOINT"],
        "--allow-http", "--scope", f"s3://{name}", "--secrets-stdin",
        input=f"aws_secret_access_key={S3['SECRET']}\n".encode())
    return name


def no_secret(result):
    assert S3["SECRET"].encode() not in result.stdout + result.stderr


def test_upload_is_read_back_by_boto3_byte_for_byte(cli, bucket, tmp_path):
    # 21 MiB: past the 16 MiB multipart threshold, so parts go up in parallel from pread.
    data = os.urandom(21 * 1024 * 1024 + 12345)
    local = tmp_path / "upload.bin"
    local.write_bytes(data)
    result = cli("cloud", "cp", str(local), f"s3://{bucket}/dir/", "--connection", "lake", "--verbose")
    assert "MiB/s" in result.stderr.decode() and str(len(data)) in result.stderr.decode()
    no_secret(result)
    back = tmp_path / "boto.bin"
    boto(f"s3.download_file({bucket!r}, 'dir/upload.bin', {str(back)!r})")
    assert back.read_bytes() == data
    # Small file, explicit key, connection chosen by scope; quiet without --verbose.
    small = tmp_path / "small.txt"
    small.write_bytes(b"hello cloud cp\n")
    quiet = cli("cloud", "cp", str(small), f"s3://{bucket}/small/hello.txt")
    assert quiet.stderr == b"" and quiet.stdout == b""
    assert boto(f"sys.stdout.write(s3.get_object(Bucket={bucket!r}, Key='small/hello.txt')['Body'].read().decode())") \
        == "hello cloud cp"


def test_download_of_a_boto3_upload_byte_for_byte(cli, bucket, tmp_path):
    data = os.urandom(19 * 1024 * 1024 + 7)
    source = tmp_path / "source.bin"
    source.write_bytes(data)
    boto(f"s3.upload_file({str(source)!r}, {bucket!r}, 'from-boto.bin')")  # multipart in boto3 too
    target = tmp_path / "out" / "copy.bin"
    target.parent.mkdir()
    target.write_bytes(b"old content")
    cli("cloud", "cp", f"s3://{bucket}/from-boto.bin", str(target))
    assert target.read_bytes() == data
    # Into a folder: the object's name; to stdout with '-'.
    cli("cloud", "cp", f"s3://{bucket}/from-boto.bin", str(target.parent))
    assert (target.parent / "from-boto.bin").read_bytes() == data
    boto(f"s3.put_object(Bucket={bucket!r}, Key='tiny.txt', Body=b'to stdout')")
    assert cli("cloud", "cp", f"s3://{bucket}/tiny.txt", "-").stdout == b"to stdout"
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.bin", "from-boto.bin"]


def test_failures_are_clear_leave_no_partial_file_and_no_secret(cli, bucket, tmp_path):
    target = tmp_path / "missing.bin"
    missing = cli("cloud", "cp", f"s3://{bucket}/no-such-key", str(target), expect=3)
    assert "no-such-key" in missing.stderr.decode()
    no_secret(missing)
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]  # neither the target nor a temp file
    local = tmp_path / "a.txt"
    local.write_bytes(b"x")
    both_local = cli("cloud", "cp", str(local), str(tmp_path / "b.txt"), expect=2)
    assert "cloud URL" in both_local.stderr.decode()
    unknown = cli("cloud", "cp", str(local), "s3://elsewhere-bucket/a.txt", expect=3)
    assert "lake" in unknown.stderr.decode()  # no scope matches: the known connections are listed
    gone = cli("cloud", "cp", str(tmp_path / "nope.txt"), f"s3://{bucket}/x", expect=3)
    assert "nope.txt" in gone.stderr.decode()
    # A wrong stored secret: refused, and neither secret is printed.
    cli("connections", "update", "lake", "--secrets-stdin", input=b"aws_secret_access_key=not-the-secret-99\n")
    denied = cli("cloud", "cp", str(local), f"s3://{bucket}/a.txt", expect=1)
    assert "SignatureDoesNotMatch" in denied.stderr.decode() or "denied" in denied.stderr.decode().lower()
    assert b"not-the-secret-99" not in denied.stderr
    no_secret(denied)


def test_ls_one_level_and_pages(cli, bucket):
    boto(f"""
        for key in ["a.csv", "logs/2026/01.txt", "logs/2026/02.txt", "logs/readme", "z/deep/x.bin"]:
            s3.put_object(Bucket={bucket!r}, Key=key, Body=b"x" * 3)
    """)
    import json
    listed = json.loads(cli("--json", "cloud", "ls", "lake", f"s3://{bucket}/", "--one-level").stdout)
    assert [(o["url"].split("/", 3)[3], o["is_folder"]) for o in listed] == [
        ("a.csv", False), ("logs/", True), ("z/", True)]
    inner = json.loads(cli("--json", "cloud", "ls", "lake", f"s3://{bucket}/logs/", "-1").stdout)
    assert [o["url"].split("/", 3)[3] for o in inner] == ["logs/2026/", "logs/readme"]
    every = json.loads(cli("--json", "cloud", "ls", "lake", f"s3://{bucket}/").stdout)
    assert len(every) == 5 and not any(o["is_folder"] for o in every)
    # Pages of two, each starting after the last entry of the one before.
    seen, after = [], None
    while True:
        args = ["cloud", "ls", "lake", f"s3://{bucket}/", "--limit", "2"] + (["--start-after", after] if after else [])
        page = json.loads(cli("--json", *args).stdout)
        seen += [o["url"] for o in page]
        if len(page) < 2:
            break
        after = page[-1]["url"]
    assert seen == [o["url"] for o in every]
    table = cli("cloud", "ls", "lake", f"s3://{bucket}/", "--limit", "2")
    assert b"--start-after s3://" in table.stderr
