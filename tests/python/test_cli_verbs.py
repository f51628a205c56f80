"""`flowfile cloud rm`, `cloud cp --recursive`, `catalog write` and colour, run as the real CLI.

Cloud cases run against moto (S3, signature checks on) and Azurite, started by run.sh; what we
upload is read back by boto3 byte for byte, and catalog writes are read back through the
Python module in a fresh process."""

import json
import os
import pty
import select
import subprocess
import textwrap

import pytest

from conftest import cli_path, run_python

S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}
AZ = {k: os.environ.get(f"FLOWFILE_TEST_AZURE_{k}") for k in ("ENDPOINT", "ACCOUNT", "KEY", "NODE_MODULES")}
needs_s3 = pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")
needs_azure = pytest.mark.skipif(not AZ["ENDPOINT"], reason="no Azurite (FLOWFILE_TEST_AZURE_ENDPOINT)")
RED, YELLOW, GREEN = "\x1b[31m", "\x1b[33m", "\x1b[32m"


@pytest.fixture
def cli(home):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}

    def run(*args, input=None, expect=0, extra_env=None):
        result = subprocess.run([cli_path(), *args], input=input, env=dict(env, **(extra_env or {})),
                                capture_output=True, text=True, timeout=300,
                                stdin=None if input is not None else subprocess.DEVNULL)
        if expect is not None:
            assert result.returncode == expect, (args, result.returncode, result.stderr)
        return result
    return run


def on_pty(args, env, answer=None, timeout=60):
    """Runs the CLI with stdin, stdout and stderr on a pseudo-terminal; returns (status, text)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([cli_path(), *args], stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)
    out, sent = b"", False
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                raise AssertionError(f"no output from {args} within {timeout}s: {out!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
            if answer is not None and not sent and b"[y/N]" in out:
                os.write(master, answer.encode() + b"\n")
                sent = True
    finally:
        os.close(master)
    return proc.wait(timeout=timeout), out.decode(errors="replace")


# ---------------------------------------------------------------- colour


def colour_env(home, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"FLOWFILE_HOME": str(home), "FLOWFILE_KEYRING": "0", "TERM": "xterm"}, **extra)
    return env


def test_errors_are_red_on_a_terminal_and_plain_otherwise(home, cli, tmp_path):
    status, text = on_pty(["catalog", "show", "nosuch"], colour_env(home))
    assert status == 3 and f"{RED}error:\x1b[0m " in text
    # NO_COLOR (any non-empty value) and --no-color turn it off even on a terminal.
    for env, args in ((colour_env(home, NO_COLOR="1"), []), (colour_env(home), ["--no-color"]),
                      (colour_env(home), ["--color=never"])):
        status, text = on_pty(["catalog", "show", "nosuch", *args], env)
        assert status == 3 and "error: " in text and "\x1b[" not in text, args
    # An empty NO_COLOR does not count.
    assert RED in on_pty(["catalog", "show", "nosuch"], colour_env(home, NO_COLOR=""))[1]
    # Piped: never, unless forced.
    piped = cli("catalog", "show", "nosuch", expect=3)
    assert piped.stderr.startswith("error: ") and "\x1b[" not in piped.stderr + piped.stdout
    forced = cli("catalog", "show", "nosuch", expect=3, extra_env={"FORCE_COLOR": "1"})
    assert forced.stderr.startswith(f"{RED}error:")
    assert cli("catalog", "show", "nosuch", "--color", "always", expect=3).stderr.startswith(RED)
    assert "\x1b[" not in cli("catalog", "show", "nosuch", "--no-color", expect=3,
                              extra_env={"FORCE_COLOR": "1"}).stderr
    # Usage errors too, and a bad --color value is a usage error.
    assert cli("conections", "--color=always", expect=2).stderr.startswith(f"{RED}error:")
    assert "never" in cli("catalog", "list", "--color=sometimes", expect=2).stderr


def test_ok_is_green_and_warnings_yellow_on_a_terminal(home, cli, tmp_path):
    import sqlite3
    sqlite3.connect(tmp_path / "x.sqlite").execute("create table t (i int)")
    cli("connections", "add", "database", "local", "--type", "sqlite", "--database",
        str(tmp_path / "x.sqlite"), "--no-password")
    status, text = on_pty(["connections", "test", "local"], colour_env(home))
    assert status == 0 and f"{GREEN}ok:\x1b[0m local" in text
    assert cli("connections", "test", "local").stdout.startswith("ok: local")
    # A connection that names a secret not set yet: a warning.
    args = ["connections", "add", "database", "pg", "--host", "h", "--database", "d",
            "--username", "u", "--password-secret", "not_yet"]
    status, text = on_pty(args, colour_env(home))
    assert status == 0 and f"{YELLOW}warning:\x1b[0m secret 'not_yet'" in text
    plain = cli(*args[:3], "pg2", *args[4:])
    assert "warning: secret 'not_yet'" in plain.stderr and "\x1b[" not in plain.stderr
    # The core's own warnings get the same label.
    core = cli("connections", "add", "database", "file2", "--type", "sqlite", "--database",
               str(tmp_path / "x.sqlite"), "--username", "bob", "--no-password", "--color=always")
    assert f"{YELLOW}warning:\x1b[0m database connection 'file2'" in core.stderr


# ---------------------------------------------------------------- catalog write


def read_table(home, name, version=None):
    code = textwrap.dedent(f"""
        import json, flowfile as ff
        frame = ff.read_catalog_table({name!r}, delta_version={version!r})
        rows = frame.collect().rows()
        print(json.dumps(sorted([list(r) for r in rows], key=str), default=str))
    """)
    result = run_python(code, {"FLOWFILE_HOME": str(home), "FLOWFILE_KEYRING": "0"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_catalog_write_every_mode_then_read_back(home, cli, tmp_path):
    def csv(name, text):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip())
        return str(path)
    base = csv("base.csv", """
        id,name,amount
        1,a,10
        2,b,20
    """)
    changes = csv("changes.csv", """
        id,name,amount
        2,B,25
        3,c,30
    """)
    out = cli("catalog", "write", "sales", base)
    assert "General.default.sales version 0: 2 rows" in out.stdout
    written = json.loads(cli("catalog", "write", "sales", changes, "--mode", "upsert",
                             "--merge-keys", "id", "--json").stdout)
    assert written == {"full_name": "General.default.sales", "mode": "upsert", "committed": True,
                       "version": 1, "row_count": 3, "rows_inserted": 1, "rows_updated": 1,
                       "rows_deleted": 0, "files_added": written["files_added"],
                       "files_removed": written["files_removed"]}
    assert read_table(home, "sales") == [[1, "a", 10], [2, "B", 25], [3, "c", 30]]
    update = csv("update.csv", """
        id,name,amount
        1,A,11
        9,z,99
    """)
    cli("catalog", "write", "sales", update, "--mode", "update", "--merge-keys", "id")
    assert read_table(home, "sales") == [[1, "A", 11], [2, "B", 25], [3, "c", 30]]
    gone = csv("gone.csv", """
        id
        3
    """)
    cli("catalog", "write", "sales", gone, "--mode", "delete", "--merge-keys", "id")
    assert read_table(home, "sales") == [[1, "A", 11], [2, "B", 25]]
    cli("catalog", "write", "sales", changes, "--mode", "append")
    assert len(read_table(home, "sales")) == 4
    cli("catalog", "write", "sales", base, "--mode", "overwrite")
    assert read_table(home, "sales") == [[1, "a", 10], [2, "b", 20]]
    assert read_table(home, "sales", version=1) == [[1, "a", 10], [2, "B", 25], [3, "c", 30]]
    # error mode: only a new table; a namespace and an explicit format.
    data = csv("data.txt", "id;city\n1;Oslo\n")
    cli("catalog", "write", "cities", data, "--mode", "error", "--namespace", "General.default",
        "--format", "csv", "--separator", ";")
    assert read_table(home, "General.default.cities") == [[1, "Oslo"]]
    assert "exist" in cli("catalog", "write", "cities", data, "--mode", "error", "--format", "csv",
                          "--separator", ";", expect=None).stderr
    # scd2: history rows with validity.
    cli("catalog", "write", "dims", base, "--mode", "scd2", "--merge-keys", "id")
    scd2 = json.loads(cli("catalog", "write", "dims", changes, "--mode", "scd2", "--merge-keys", "id",
                          "--json").stdout)
    assert scd2["version"] == 1 and scd2["row_count"] == 4
    names = [row[1] for row in read_table(home, "dims")]
    assert sorted(names) == ["B", "a", "b", "c"]


def test_catalog_write_refuses_bad_input_in_our_words(home, cli, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id\n1\n")
    assert "--merge-keys" in cli("catalog", "write", "t", str(path), "--mode", "upsert", expect=2).stderr
    odd = tmp_path / "t.data"
    odd.write_text("id\n1\n")
    assert "pass --format" in cli("catalog", "write", "t", str(odd), expect=2).stderr
    assert "no such file" in cli("catalog", "write", "t", str(tmp_path / "none.csv"), expect=3).stderr
    assert "bogus" in cli("catalog", "write", "t", str(path), "--mode", "bogus", expect=2).stderr


# ---------------------------------------------------------------- cloud (S3 via moto)


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


def keys(bucket):
    return boto(f"""
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket={bucket!r})
        print("\\n".join(o["Key"] for p in pages for o in p.get("Contents", [])))
    """).split()


@pytest.fixture
def bucket(cli):
    name = "verbs-" + os.urandom(4).hex()
    boto(f"s3.create_bucket(Bucket={name!r})")
    cli("connections", "add", "cloud", "lake", "--storage-type", "s3", "--auth-method", "access_key",
        "--aws-region", S3["REGION"], "--aws-access-key-id", S3["KEY_ID"], "--endpoint-url", S3["ENDPOINT"],
        "--allow-http", "--scope", f"s3://{name}", "--secrets-stdin",
        input=f"aws_secret_access_key={S3['SECRET']}\n")
    return name


def tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@needs_s3
def test_recursive_copy_both_ways_byte_for_byte(cli, bucket, tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    files = {"top.bin": os.urandom(70_000), "a/one.txt": b"one\n", "a/b/deep.bin": os.urandom(5),
             "a/b/empty": b""}
    for rel, data in files.items():
        (src / rel).write_bytes(data)
    out = cli("cloud", "cp", "-r", str(src), f"s3://{bucket}/up")
    total = sum(len(d) for d in files.values())
    assert out.stdout == f"Uploaded 4 files ({total} bytes) to s3://{bucket}/up/.\n" and out.stderr == ""
    assert sorted(keys(bucket)) == sorted(f"up/{rel}" for rel in files)
    back = tmp_path / "boto.bin"
    boto(f"s3.download_file({bucket!r}, 'up/top.bin', {str(back)!r})")
    assert back.read_bytes() == files["top.bin"]
    # Down again into a new folder, by explicit connection, one line per file with --verbose.
    down = tmp_path / "down"
    verbose = cli("cloud", "cp", "--recursive", f"s3://{bucket}/up/", str(down), "-c", "lake", "-v")
    assert tree(down) == files
    assert verbose.stderr.count(" -> ") == 4 and f"Downloaded 4 files ({total} bytes)" in verbose.stdout
    # --json: typed numbers; a prefix "up" never reaches "up2/".
    boto(f"s3.put_object(Bucket={bucket!r}, Key='up2/other.txt', Body=b'x')")
    report = json.loads(cli("cloud", "cp", "-r", f"s3://{bucket}/up", str(tmp_path / "j"), "--json").stdout)
    assert report["files"] == 4 and report["bytes"] == total and report["connection"] == "lake"
    assert not (tmp_path / "j" / "other.txt").exists()
    # Usage errors: a file with -r, a folder without.
    assert "not a folder" in cli("cloud", "cp", "-r", str(src / "top.bin"), f"s3://{bucket}/x/", expect=2).stderr
    assert "--recursive" in cli("cloud", "cp", str(src), f"s3://{bucket}/x/", expect=2).stderr


@needs_s3
def test_recursive_download_refuses_path_traversal(cli, bucket, tmp_path):
    boto(f"""
        s3.put_object(Bucket={bucket!r}, Key='evil/ok.txt', Body=b'fine')
        s3.put_object(Bucket={bucket!r}, Key='evil/../../escaped.txt', Body=b'bad')
    """)
    target = tmp_path / "deep" / "target"
    result = cli("cloud", "cp", "-r", f"s3://{bucket}/evil", str(target), expect=1)
    assert "'..'" in result.stderr and "nothing was downloaded" in result.stderr
    assert not target.exists() and not list(tmp_path.rglob("escaped.txt"))
    boto(f"s3.put_object(Bucket={bucket!r}, Key='abs//etc/x', Body=b'bad')")
    assert "absolute path" in cli("cloud", "cp", "-r", f"s3://{bucket}/abs", str(target), expect=1).stderr
    boto(f"s3.put_object(Bucket={bucket!r}, Key='dots/a//b', Body=b'bad')")
    assert "'//'" in cli("cloud", "cp", "-r", f"s3://{bucket}/dots", str(target), expect=1).stderr
    # A symbolic link inside the target that leads elsewhere is not followed.
    boto(f"s3.put_object(Bucket={bucket!r}, Key='link/sub/f.txt', Body=b'x')")
    target.mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (target / "sub").symlink_to(tmp_path / "outside")
    assert "symbolic link" in cli("cloud", "cp", "-r", f"s3://{bucket}/link", str(target), expect=1).stderr
    assert not list((tmp_path / "outside").iterdir())


@needs_s3
def test_rm_one_object_and_a_prefix(cli, bucket, tmp_path, home):
    boto(f"""
        for key in ["one.txt", "dir/a.txt", "dir/sub/b.txt", "dir2/keep.txt"]:
            s3.put_object(Bucket={bucket!r}, Key=key, Body=key.encode())
    """)
    # Bucket root and folders need --recursive; nothing is deleted.
    assert "--recursive" in cli("cloud", "rm", f"s3://{bucket}", expect=2).stderr
    assert "--recursive" in cli("cloud", "rm", "lake", f"s3://{bucket}/dir/", expect=2).stderr
    # One object: dry run first, then positional connection, or by scope; a missing one is
    # "not found".
    dry_one = cli("cloud", "rm", "--dry-run", f"s3://{bucket}/one.txt")
    assert dry_one.stdout == f"Would delete s3://{bucket}/one.txt (7 bytes).\n"
    assert "one.txt" in keys(bucket)
    assert cli("cloud", "rm", "lake", f"s3://{bucket}/one.txt").stdout == f"Deleted s3://{bucket}/one.txt.\n"
    assert "not found" in cli("cloud", "rm", f"s3://{bucket}/one.txt", expect=3).stderr
    # Dry run: lists, deletes nothing.
    dry = cli("cloud", "rm", "-r", "--dry-run", f"s3://{bucket}/dir")
    assert dry.stdout.splitlines()[:2] == [f"s3://{bucket}/dir/a.txt", f"s3://{bucket}/dir/sub/b.txt"]
    assert "Would delete 2 objects" in dry.stdout
    dry_json = json.loads(cli("cloud", "rm", "-r", "-n", f"s3://{bucket}/dir", "--json").stdout)
    assert dry_json["dry_run"] is True and dry_json["count"] == 2 and isinstance(dry_json["bytes"], int)
    assert len(keys(bucket)) == 3
    # Without a terminal, --yes is needed.
    assert "--yes" in cli("cloud", "rm", "-r", f"s3://{bucket}/dir", expect=2).stderr
    assert len(keys(bucket)) == 3
    # On a terminal: asked; "n" keeps everything, "y" deletes the prefix (never dir2/).
    env = colour_env(home)
    status, text = on_pty(["cloud", "rm", "-r", f"s3://{bucket}/dir"], env, answer="n")
    assert status == 0 and "Delete 2 objects" in text and "Nothing deleted" in text
    assert len(keys(bucket)) == 3
    status, text = on_pty(["cloud", "rm", "-r", f"s3://{bucket}/dir"], env, answer="y")
    assert status == 0 and "Deleted 2 objects" in text
    assert keys(bucket) == ["dir2/keep.txt"]
    # --yes without a terminal; the bucket root with -r empties it.
    result = json.loads(cli("cloud", "rm", "-r", "--yes", f"s3://{bucket}", "--json").stdout)
    assert result == {"dry_run": False, "objects": [f"s3://{bucket}/dir2/keep.txt"], "count": 1,
                      "bytes": len(b"dir2/keep.txt")}
    assert keys(bucket) == []
    assert "no objects" in cli("cloud", "rm", "-r", "-y", f"s3://{bucket}/dir", expect=3).stderr
    assert S3["SECRET"] not in dry.stdout + dry.stderr + text


# ---------------------------------------------------------------- Azure (Azurite)


def node(body: str, **args) -> str:
    prelude = """
const { BlobServiceClient, StorageSharedKeyCredential } = require("@azure/storage-blob");
const service = new BlobServiceClient(process.env.FLOWFILE_TEST_AZURE_ENDPOINT,
  new StorageSharedKeyCredential(process.env.FLOWFILE_TEST_AZURE_ACCOUNT, process.env.FLOWFILE_TEST_AZURE_KEY));
const args = JSON.parse(process.argv[1]);
"""
    script = prelude + "(async () => {\n" + body + "\n})().catch(e => { console.error(e.message); process.exit(1); });"
    out = subprocess.run(["node", "-e", script, json.dumps(args)], capture_output=True, text=True,
                         env=dict(os.environ, NODE_PATH=AZ["NODE_MODULES"]), timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


@needs_azure
def test_recursive_copy_and_rm_on_azure(cli, tmp_path):
    container = "verbs-" + os.urandom(4).hex()
    node("await service.getContainerClient(args.c).create();", c=container)
    cli("connections", "add", "cloud", "blob", "--storage-type", "adls", "--auth-method", "access_key",
        "--azure-account-name", AZ["ACCOUNT"], "--endpoint-url", AZ["ENDPOINT"], "--allow-http",
        "--secrets-stdin", input=f"azure_account_key={AZ['KEY']}\n")
    src = tmp_path / "src"
    (src / "x").mkdir(parents=True)
    files = {"a.bin": os.urandom(3000), "x/b.txt": b"bee\n"}
    for rel, data in files.items():
        (src / rel).write_bytes(data)
    cli("cloud", "cp", "-r", str(src), f"az://{container}/t", "-c", "blob")
    listed = node("""
        const out = [];
        for await (const b of service.getContainerClient(args.c).listBlobsFlat()) out.push(b.name);
        console.log(out.sort().join(","));
    """, c=container)
    assert listed == "t/a.bin,t/x/b.txt"
    cli("cloud", "cp", "-r", f"az://{container}/t", str(tmp_path / "down"), "-c", "blob")
    assert tree(tmp_path / "down") == files
    cli("cloud", "rm", "blob", f"az://{container}/t/a.bin")
    assert "not found" in cli("cloud", "rm", "blob", f"az://{container}/t/a.bin", expect=3).stderr
    cli("cloud", "rm", "blob", "-r", "-y", f"az://{container}/t")
    assert node("""
        let n = 0;
        for await (const b of service.getContainerClient(args.c).listBlobsFlat()) n++;
        console.log(n);
    """, c=container) == "0"
