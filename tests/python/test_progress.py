"""Progress on long work: a bar on a terminal (driven here through a pseudo-terminal), nothing
when output is piped, with FLOWFILE_PROGRESS=0, or with --no-progress / --quiet."""

import os
import pty
import select
import subprocess
import sys

import pytest

S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}

LONG_QUERY = """
import flowfile as ff
frame = (ff.scan_csv({path!r}, schema_overrides={{"a": ff.String}})
         .group_by("b").agg(ff.col("a").n_unique().alias("n"), description="Count values"))
for _ in range(6):
    frame.collect()
print("done")
"""


def on_terminal(argv, env) -> tuple[int, bytes]:
    """Runs argv with stdin/stdout/stderr on a pseudo-terminal; returns its status and output."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "big.csv"
    with open(path, "w") as out:
        out.write("a,b\n")
        out.write("".join(f"{i},{i % 7}\n" for i in range(3_000_000)))
    return str(path)


def test_python_draws_a_bar_on_a_terminal_only(big_csv, home):
    # Shown from the first poll: a fast machine finishes each collect in well under 0.5 s.
    env = dict(os.environ, TERM="xterm", FLOWFILE_PROGRESS_AFTER_MS="0")
    code = LONG_QUERY.format(path=big_csv)
    status, out = on_terminal([sys.executable, "-c", code], env)
    assert status == 0, out[-2000:]
    assert b"collect group_by 'Count values' (node 2)" in out and b"%" in out
    assert b"\r\x1b[K" in out  # the line is redrawn in place and cleared at the end

    quiet = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert quiet.returncode == 0 and b"collect" not in quiet.stderr + quiet.stdout

    status, out = on_terminal([sys.executable, "-c", code], dict(env, FLOWFILE_PROGRESS="0"))
    assert status == 0 and b"collect" not in out


@pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")
def test_cloud_cp_shows_bytes_rate_and_eta_on_a_terminal(tmp_path, home):
    cli = os.environ.get("FLOWFILE_CLI", "flowfile")
    env = dict(os.environ, TERM="xterm", FLOWFILE_KEYRING="0")
    subprocess.run([S3["PYTHON"], "-c", f"""
import boto3
boto3.client("s3", endpoint_url={S3['ENDPOINT']!r}, region_name={S3['REGION']!r},
             aws_access_key_id={S3['KEY_ID']!r},
             aws_secret_access_key={S3['SECRET']!r}).create_bucket(Bucket="progress")
"""], check=True, timeout=60)
    subprocess.run([cli, "connections", "add", "cloud", "lake", "--storage-type", "s3",
                    "--auth-method", "access_key", "--aws-region", S3["REGION"],
                    "--aws-access-key-id", S3["KEY_ID"], "--endpoint-url", S3["ENDPOINT"],
                    "--allow-http", "--scope", "s3://progress/", "--secrets-stdin"],
                   input=f"aws_secret_access_key={S3['SECRET']}\n", text=True, env=env,
                   check=True, capture_output=True)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(1 << 20) * 400)  # 400 MiB: long enough to be drawn
    status, out = on_terminal([cli, "cloud", "cp", str(big), "s3://progress/big.bin"], env)
    assert status == 0, out[-2000:]
    assert b"upload " in out and b"MB/s" in out and b"ETA" in out
    assert S3["SECRET"].encode() not in out
    for quiet in (["--no-progress"], []):
        extra_env = {} if quiet else {"FLOWFILE_PROGRESS": "0"}
        status, out = on_terminal([cli, "cloud", "cp", str(big), "s3://progress/again.bin",
                                   *quiet], dict(env, **extra_env))
        assert status == 0 and b"MB/s" not in out
    piped = subprocess.run([cli, "cloud", "cp", str(big), "s3://progress/piped.bin"], env=env,
                           capture_output=True)
    assert piped.returncode == 0 and b"MB/s" not in piped.stderr
