"""The `flowfile` command line, driven as a user or a script would.

The binary comes from $FLOWFILE_CLI (default: `flowfile` on PATH). Every test gets its own
FLOWFILE_HOME and runs with FLOWFILE_KEYRING=0, so the master key lives in the home's
.secret_key file. Stdin is never a terminal here, so values are piped in.
"""

import base64
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

CLI = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
pytestmark = pytest.mark.skipif(not CLI, reason="set FLOWFILE_CLI to the built flowfile binary")

DB_PASSWORD = "Zq9!distinctive-db-pw-7731"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG+distinctive-8812"
TOKEN = "tok-distinctive-api-value-5519"


class Home:
    """One Flowfile home and a way to run the CLI against it."""

    def __init__(self, path):
        self.path = path
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("FLOWFILE_SECRET_")
                    and k not in ("FLOWFILE_MASTER_KEY", "FLOWFILE_MASTER_KEY_PREVIOUS")}
        self.env.update({"FLOWFILE_HOME": str(path), "FLOWFILE_KEYRING": "0"})

    def run(self, *args, input=None, env=None, expect=0):
        full_env = dict(self.env, **(env or {}))
        result = subprocess.run([CLI, *args], input=input, env=full_env, capture_output=True,
                                text=True, timeout=120,
                                stdin=None if input is not None else subprocess.DEVNULL)
        if expect is not None:
            assert result.returncode == expect, (
                f"flowfile {' '.join(args)} -> {result.returncode}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}")
        return result

    def json(self, *args, **kwargs):
        return json.loads(self.run(*args, "--json", **kwargs).stdout)

    def add_postgres(self, name="prod_db", password=DB_PASSWORD):
        return self.run("connections", "add", "database", name, "--type", "postgresql",
                        "--host", "db.example.com", "--port", "5432", "--database", "sales",
                        "--username", "etl", "--ssl", "--password-stdin", input=password + "\n")

    def add_s3(self, name="lake", secret=AWS_SECRET):
        return self.run("connections", "add", "cloud", name, "--storage-type", "s3",
                        "--auth-method", "access_key", "--aws-region", "eu-west-1",
                        "--aws-access-key-id", "AKIAEXAMPLE", "--scope", "s3://lake/raw",
                        "--secrets-stdin", input=f"aws_secret_access_key={secret}\n")


@pytest.fixture
def home(tmp_path):
    return Home(tmp_path / "home")


@pytest.fixture
def other_home(tmp_path):
    return Home(tmp_path / "other_home")


def leak_patterns(value):
    """The value raw, and base64/base64url at each of the three byte alignments."""
    raw = value.encode()
    patterns = {raw}
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw).decode().rstrip("=")
        core = encoded[4 if shift else 0:-4]  # drop the groups that mix in neighbours
        patterns.add(core.encode())
        patterns.add(core.replace("+", "-").replace("/", "_").encode())
    return patterns


def assert_no_leak(value, text_or_bytes, where):
    data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    for pattern in leak_patterns(value):
        assert pattern not in data, f"{where} contains the secret (as {pattern!r})"


# ---------------------------------------------------------------- basics
def test_version_and_help_at_every_level(home):
    assert re.fullmatch(r"flowfile \d+\.\d+\.\d+\n", home.run("--version").stdout)
    top = home.run("--help").stdout
    for command in ("connections", "secrets", "key", "audit"):
        assert command in top
    add_help = home.run("connections", "add", "database", "--help").stdout
    assert "--password-stdin" in add_help and "--password-secret" in add_help
    assert not re.search(r"--password[ =,]", add_help), "a --password flag must not exist"
    for path in (["connections", "--help"], ["connections", "export", "--help"],
                 ["secrets", "set", "--help"], ["key", "--help"], ["audit", "--help"]):
        assert "Usage" in home.run(*path).stdout or "usage" in home.run(*path).stdout.lower()


def test_password_on_the_command_line_is_a_usage_error(home):
    result = home.run("connections", "add", "database", "x", "--host", "h", "--password", "pw",
                      expect=2)
    assert "pw" not in result.stdout
    home.run("connections", "add", "database", expect=2)  # missing name
    home.run("nonsense", expect=2)


# ---------------------------------------------------------------- database connections
def test_database_connection_lifecycle(home):
    home.add_postgres()
    listing = home.run("connections", "list").stdout
    assert re.search(r"^NAME\s+KIND\s+TYPE", listing, re.M)
    assert re.search(r"^prod_db\s+database\s+postgresql\s+db\.example\.com:5432/sales\s+etl\s+"
                     r"password", listing, re.M)

    shown = home.json("connections", "show", "prod_db")
    assert shown["kind"] == "database"
    assert shown["host"] == "db.example.com" and shown["port"] == 5432
    assert shown["ssl_enabled"] is True and shown["has_password"] is True
    assert shown["password"] == "**********"

    human = home.run("connections", "show", "prod_db").stdout
    assert re.search(r"^password:\s+\*{10}$", human, re.M)

    home.run("connections", "update", "prod_db", "--host", "db2.example.com", "--port", "6543",
             "--no-ssl")
    updated = home.json("connections", "show", "prod_db")
    assert (updated["host"], updated["port"], updated["ssl_enabled"]) == \
        ("db2.example.com", 6543, False)
    assert updated["username"] == "etl" and updated["has_password"] is True

    home.run("connections", "update", "prod_db", "--clear-password")
    assert home.json("connections", "show", "prod_db")["has_password"] is False

    result = home.run("connections", "add", "database", "prod_db", "--host", "x", expect=1)
    assert "already exists" in result.stderr

    assert home.json("connections", "delete", "prod_db") == {"deleted": "prod_db",
                                                             "kind": "database"}
    assert home.json("connections", "list") == {"database_connections": [],
                                                "cloud_connections": []}


def test_password_secret_reference(home):
    home.run("secrets", "set", "shared_pw", input=TOKEN)
    home.run("connections", "add", "database", "rep", "--host", "h", "--password-secret",
             "shared_pw")
    shown = home.json("connections", "show", "rep")
    assert shown["password_ref"] == "shared_pw"
    assert shown["password"] == "${secret:shared_pw}"


def test_invalid_input_names_the_problem(home):
    result = home.run("connections", "add", "database", "bad name!", "--host", "h", expect=1)
    assert "bad name!" in result.stderr
    result = home.run("connections", "add", "database", "p", "--type", "oracle", "--host", "h",
                      expect=1)
    assert "oracle" in result.stderr and "postgresql" in result.stderr


# ---------------------------------------------------------------- cloud connections
def test_cloud_connection_lifecycle(home, tmp_path):
    home.add_s3()
    shown = home.json("connections", "show", "lake")
    assert shown["kind"] == "cloud" and shown["storage_type"] == "s3"
    assert shown["aws_access_key_id"] == "AKIAEXAMPLE"
    assert shown["scopes"] == ["s3://lake/raw"]
    assert shown["secret_fields"] == {"aws_secret_access_key": "**********"}

    home.run("secrets", "set", "session", input="session-token-value")
    home.run("connections", "update", "lake", "--aws-region", "us-east-1", "--no-verify-ssl",
             "--secret-ref", "aws_session_token=session")
    updated = home.json("connections", "show", "lake")
    assert updated["aws_region"] == "us-east-1" and updated["verify_ssl"] is False
    assert updated["secret_fields"] == {"aws_secret_access_key": "**********",  # kept
                                        "aws_session_token": "${secret:session}"}

    key_file = tmp_path / "key.json"
    key_file.write_text('{"type": "service_account", "private_key": "---x---"}\n')
    home.run("connections", "add", "cloud", "gcs_lake", "--storage-type", "gcs", "--auth-method",
             "service_account", "--gcs-project-id", "proj",
             "--secret-field-from-file", f"gcs_service_account_key={key_file}")
    listing = home.json("connections", "list", "--kind", "cloud")
    assert [c["connection_name"] for c in listing["cloud_connections"]] == ["gcs_lake", "lake"]
    assert "database_connections" not in listing

    result = home.run("connections", "update", "lake", "--host", "x", expect=2)
    assert "database flags" in result.stderr
    home.run("connections", "delete", "gcs_lake")


def test_cloud_validation_names_every_missing_field(home):
    result = home.run("connections", "add", "cloud", "az", "--storage-type", "azure",
                      "--auth-method", "service_principal", expect=1)
    for field in ("azure_account_name", "azure_tenant_id", "azure_client_id",
                  "azure_client_secret"):
        assert field in result.stderr
    result = home.run("connections", "add", "cloud", "s", "--storage-type", "s3",
                      "--secrets-stdin", input="not_a_field=x\n", expect=2)
    assert "not_a_field" in result.stderr and "aws_secret_access_key" in result.stderr
    assert "x\n" not in result.stderr


# ---------------------------------------------------------------- secrets
def test_secrets_set_get_list_delete(home):
    assert home.json("secrets", "set", "api_token", input=TOKEN + "\n") == \
        {"name": "api_token", "created": True}
    assert home.run("secrets", "get", "api_token").stdout == "**********\n"
    assert home.run("secrets", "get", "api_token", "--reveal").stdout == TOKEN + "\n"
    assert home.json("secrets", "get", "api_token", "--reveal")["value"] == TOKEN
    assert home.json("secrets", "set", "api_token", input="new-value")["created"] is False
    assert home.run("secrets", "get", "api_token", "--reveal").stdout == "new-value\n"

    listed = home.json("secrets", "list")
    assert [s["name"] for s in listed] == ["api_token"]
    assert set(listed[0]) == {"name", "created_at", "updated_at"}
    assert re.search(r"^api_token\s+\d{4}-", home.run("secrets", "list").stdout, re.M)

    home.run("secrets", "delete", "api_token")
    home.run("secrets", "get", "api_token", expect=3)
    result = home.run("secrets", "set", "empty", input="", expect=2)
    assert "empty" in result.stderr


def test_unknown_names_exit_3_and_list_the_known_ones(home):
    home.add_postgres("prod_db")
    home.add_postgres("staging_db")
    home.add_s3("lake")
    result = home.run("connections", "show", "prod", expect=3)
    assert "unknown connection 'prod'" in result.stderr
    assert re.search(r"prod_db, staging_db|prod_db.*lake", result.stderr)
    result = home.run("connections", "delete", "nope", expect=3)
    assert "prod_db" in result.stderr and "lake" in result.stderr
    home.run("connections", "test", "nope", expect=3)
    home.run("connections", "update", "nope", "--host", "h", expect=3)
    home.run("secrets", "set", "tok", input="v")
    result = home.run("secrets", "get", "tk", "--reveal", expect=3)
    assert "tok" in result.stderr
    result = home.run("connections", "show", "nope", "--json", expect=3)
    assert json.loads(result.stdout)["error"]["code"] == "not found"


def test_json_everywhere_parses(home, tmp_path):
    home.add_postgres()
    home.add_s3()
    home.run("secrets", "set", "tok", input="v")
    export_file = tmp_path / "export.json"
    for args in (["connections", "list"], ["connections", "show", "prod_db"],
                 ["connections", "show", "lake"], ["secrets", "list"], ["secrets", "get", "tok"],
                 ["key", "info"], ["audit"], ["audit", "--limit", "2"],
                 ["connections", "export", "--output", str(export_file)],
                 ["connections", "update", "prod_db", "--username", "etl2"]):
        out = home.run(*args, "--json").stdout
        json.loads(out)
    json.loads(home.run("connections", "export").stdout)  # the export itself is JSON


# ---------------------------------------------------------------- export / import
def test_plain_export_has_placeholders_and_no_values(home, tmp_path):
    home.add_postgres()
    home.add_s3()
    home.run("secrets", "set", "api_token", input=TOKEN)
    out = tmp_path / "export.json"
    home.run("connections", "export", "--output", str(out))
    text = out.read_text()
    assert (out.stat().st_mode & 0o777) == 0o600
    for value in (DB_PASSWORD, AWS_SECRET, TOKEN):
        assert text.count(value) == 0
        assert_no_leak(value, text, "the plain export")
    doc = json.loads(text)
    assert doc["database_connections"][0]["password"] == "${secret:prod_db_password}"
    assert doc["cloud_connections"][0]["aws_secret_access_key"] == \
        "${secret:lake_aws_secret_access_key}"
    assert doc["secrets"] == [{"name": "api_token"}]
    assert "${secret:prod_db_password}" in home.run("connections", "export").stdout


def decrypt_bundle(text, passphrase):
    """Open an encrypted export with Python's `cryptography`: proves the format is standard."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    box = json.loads(text)
    kdf = box["kdf"]
    assert (kdf["name"], kdf["n"], kdf["r"], kdf["p"]) == ("scrypt", 2 ** 15, 8, 1)
    salt = base64.b64decode(kdf["salt"])
    assert len(salt) == 16
    key = Scrypt(salt=salt, length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(
        passphrase.encode())
    cipher = box["cipher"]
    nonce = base64.b64decode(cipher["nonce"])
    assert cipher["name"] == "aes-256-gcm" and len(nonce) == 12
    sealed = base64.b64decode(box["ciphertext"]) + base64.b64decode(cipher["tag"])
    return json.loads(AESGCM(key).decrypt(nonce, sealed, cipher["associated_data"].encode()))


def test_encrypted_export_round_trips_into_a_fresh_home(home, other_home, tmp_path):
    home.add_postgres()
    home.add_s3()
    home.run("secrets", "set", "api_token", input=TOKEN)
    bundle = tmp_path / "bundle.json"
    home.run("connections", "export", "--encrypt", "--passphrase-stdin", "--output", str(bundle),
             input="correct horse battery\n")
    text = bundle.read_text()
    for value in (DB_PASSWORD, AWS_SECRET, TOKEN, "db.example.com"):
        assert_no_leak(value, text, "the encrypted bundle")

    inner = decrypt_bundle(text, "correct horse battery")
    values = {p["name"]: p["value"] for p in inner["placeholders"]}
    assert values == {"prod_db_password": DB_PASSWORD, "lake_aws_secret_access_key": AWS_SECRET}
    assert inner["secrets"] == [{"name": "api_token", "value": TOKEN}]

    report = other_home.json("connections", "import", str(bundle), "--passphrase-stdin",
                             input="correct horse battery\n")
    assert report["missing"] == []
    assert {(i["name"], i["action"]) for i in report["items"]} == \
        {("prod_db", "created"), ("lake", "created"), ("api_token", "created")}
    assert other_home.run("secrets", "get", "api_token", "--reveal").stdout == TOKEN + "\n"
    shown = other_home.json("connections", "show", "prod_db")
    assert shown["has_password"] is True and shown["host"] == "db.example.com"
    assert DB_PASSWORD not in other_home.run("connections", "show", "prod_db").stdout
    assert other_home.json("connections", "show", "lake")["secret_fields"] == \
        {"aws_secret_access_key": "**********"}

    # Importing again skips what exists, unless --overwrite.
    again = other_home.json("connections", "import", str(bundle), "--passphrase-stdin",
                            input="correct horse battery\n")
    assert {i["action"] for i in again["items"]} == {"skipped"}
    again = other_home.json("connections", "import", str(bundle), "--passphrase-stdin",
                            "--overwrite", input="correct horse battery\n")
    assert {i["action"] for i in again["items"]} == {"replaced"}


def test_wrong_passphrase_is_a_clear_error(home, other_home, tmp_path):
    home.add_postgres()
    bundle = tmp_path / "bundle.json"
    home.run("connections", "export", "--encrypt", "--passphrase-stdin", "-o", str(bundle),
             input="right")
    result = other_home.run("connections", "import", str(bundle), "--passphrase-stdin",
                            input="wrong", expect=1)
    assert "wrong passphrase" in result.stderr
    assert other_home.json("connections", "list")["database_connections"] == []
    result = other_home.run("connections", "import", str(bundle), expect=2)
    assert "passphrase" in result.stderr


def test_import_takes_missing_values_from_flowfile_secret_env(home, other_home, tmp_path):
    home.add_postgres()
    home.add_s3()
    home.run("secrets", "set", "api_token", input=TOKEN)
    export = tmp_path / "export.json"
    home.run("connections", "export", "-o", str(export))

    report = other_home.json("connections", "import", str(export),
                             env={"FLOWFILE_SECRET_PROD_DB_PASSWORD": DB_PASSWORD,
                                  "FLOWFILE_SECRET_API_TOKEN": TOKEN})
    assert report["values_from_env"] == 2
    assert [(m["name"], m["env_var"]) for m in report["missing"]] == \
        [("lake_aws_secret_access_key", "FLOWFILE_SECRET_LAKE_AWS_SECRET_ACCESS_KEY")]
    assert other_home.run("secrets", "get", "api_token", "--reveal").stdout == TOKEN + "\n"
    assert other_home.json("connections", "show", "prod_db")["has_password"] is True

    human = other_home.run("connections", "import", str(export), "--overwrite").stdout
    assert "FLOWFILE_SECRET_LAKE_AWS_SECRET_ACCESS_KEY" in human
    assert "Still missing" in human


def test_import_rejects_a_file_that_is_not_an_export(home, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"hello": 1}')
    result = home.run("connections", "import", str(bogus), expect=1)
    assert "not a Flowfile export" in result.stderr
    home.run("connections", "import", str(tmp_path / "absent.json"), expect=1)


# ---------------------------------------------------------------- key and audit
def test_key_info_shows_a_fingerprint_never_the_key(home):
    home.run("secrets", "set", "tok", input=TOKEN)
    info = home.json("key", "info")
    assert info["source"] == "file"
    assert re.fullmatch(r"[0-9a-f]{16}", info["fingerprint"])
    key = (home.path / ".secret_key").read_text().strip()
    human = home.run("key", "info").stdout
    assert key not in human and key not in json.dumps(info)
    assert info["fingerprint"] in human


def test_key_rotate_keeps_every_secret_readable(home):
    home.add_postgres()
    home.run("secrets", "set", "tok", input=TOKEN)
    before = home.json("key", "info")["fingerprint"]
    rotated = home.json("key", "rotate")
    assert rotated["old_fingerprint"] == before
    assert rotated["new_fingerprint"] != before and rotated["reencrypted"] >= 2
    assert home.json("key", "info")["fingerprint"] == rotated["new_fingerprint"]
    assert home.run("secrets", "get", "tok", "--reveal").stdout == TOKEN + "\n"
    assert "Rotated the master key" in home.run("key", "rotate").stdout


def test_audit_lists_events_without_values(home):
    home.add_postgres()
    home.run("secrets", "set", "tok", input=TOKEN)
    home.run("secrets", "get", "tok", "--reveal")
    events = home.json("audit")
    actions = {(e["action"], e["object_name"]) for e in events}
    assert {("create", "prod_db"), ("create", "tok"), ("read", "tok")} <= actions
    assert all(e["actor"].startswith("cli:") for e in events)
    assert [e["object_name"] for e in home.json("audit", "--name", "tok")] == ["tok", "tok"]
    assert len(home.json("audit", "--limit", "1")) == 1
    human = home.run("audit").stdout
    assert re.search(r"^TIME\s+ACTOR\s+ACTION", human, re.M)
    for value in (DB_PASSWORD, TOKEN):
        assert_no_leak(value, human, "audit")


# ---------------------------------------------------------------- connections test
def test_connection_test_on_a_real_sqlite_file(home, tmp_path):
    path = tmp_path / "data.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("create table t (x int)")
    subprocess.run([CLI, "connections", "add", "database", "lite", "--type", "sqlite",
                    "--database", "data.sqlite"], cwd=tmp_path, env=home.env, check=True,
                   capture_output=True, stdin=subprocess.DEVNULL)
    assert home.json("connections", "show", "lite")["database"] == str(path)  # made absolute
    result = home.run("connections", "test", "lite")
    assert "ok:" in result.stdout and sqlite3.sqlite_version in result.stdout
    tested = home.json("connections", "test", "lite")
    assert tested["ok"] is True and tested["version"] == sqlite3.sqlite_version
    events = home.json("audit", "--name", "lite")
    assert events[0]["action"] == "test" and events[0]["outcome"] == "ok"

    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("hello, this is not a database " * 100)
    home.run("connections", "add", "database", "junk", "--type", "sqlite", "--database",
             str(not_a_db))
    result = home.run("connections", "test", "junk", expect=1)
    assert "not a database" in result.stderr
    assert home.json("audit", "--name", "junk")[0]["outcome"].startswith("error:")

    home.run("connections", "add", "database", "gone", "--type", "sqlite", "--database",
             str(tmp_path / "absent.sqlite"))
    result = home.run("connections", "test", "gone", expect=1)
    assert "does not exist" in result.stderr
    assert not (tmp_path / "absent.sqlite").exists()  # the test never creates the file

    # A server that refuses at once: the driver's error, in our words, naming the connection.
    home.run("connections", "add", "database", "nowhere", "--type", "postgresql", "--host",
             "127.0.0.1", "--port", "1", "--database", "sales", "--username", "etl")
    result = home.run("connections", "test", "nowhere", expect=1)
    assert "nowhere" in result.stderr and "no driver" not in result.stderr
    assert home.json("audit", "--name", "nowhere")[0]["outcome"].startswith("error:")


# ---------------------------------------------------------------- nothing leaks
def test_a_registered_password_appears_nowhere(home, tmp_path):
    home.add_postgres(password=DB_PASSWORD)
    home.add_s3(secret=AWS_SECRET)
    home.run("secrets", "set", "api_token", input=TOKEN)
    home.run("connections", "add", "database", "via_ref", "--host", "h", "--password-secret",
             "api_token")
    outputs = []
    for args in (["connections", "list"], ["connections", "show", "prod_db"],
                 ["connections", "show", "lake"], ["connections", "show", "via_ref"],
                 ["connections", "export"], ["audit"], ["secrets", "list"],
                 ["secrets", "get", "api_token"], ["key", "info"]):
        for extra in ([], ["--json"]):
            result = home.run(*args, *extra)
            outputs.append((" ".join(args + extra), result.stdout + result.stderr))
    failing = home.run("connections", "test", "prod_db", expect=1)
    outputs.append(("connections test", failing.stdout + failing.stderr))

    files = [p for p in home.path.rglob("*") if p.is_file()]
    assert any(p.name == "flowfile.db" for p in files)
    for value in (DB_PASSWORD, AWS_SECRET, TOKEN):
        for where, text in outputs:
            assert_no_leak(value, text, f"`flowfile {where}`")
        for path in files:
            assert_no_leak(value, path.read_bytes(), str(path))


# ---------------------------------------------------------------- the no-echo prompt
def run_in_terminal(home, args, answers):
    """Run the CLI on a pseudo-terminal, answering each prompt; return (status, transcript)."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(CLI, [CLI, *args], home.env)
    transcript = b""
    pending = list(answers)

    def read_some(timeout=10.0):
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            return b""

    while True:
        chunk = read_some()
        if not chunk:
            break
        transcript += chunk
        if pending and transcript.rstrip().endswith(b":"):
            os.write(fd, pending.pop(0).encode() + b"\n")
            transcript += b"<answered>"
    # A child still waiting for input after 10 s of silence is stuck: end it, don't hang.
    for _ in range(100):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), transcript.decode(errors="replace")


def test_secret_prompt_does_not_echo(home):
    status, transcript = run_in_terminal(home, ["secrets", "set", "tok"], [TOKEN, TOKEN])
    assert status == 0, transcript
    assert "input hidden" in transcript and "Repeat to confirm" in transcript
    assert TOKEN not in transcript, "the typed secret was echoed"
    assert home.run("secrets", "get", "tok", "--reveal").stdout == TOKEN + "\n"

    status, transcript = run_in_terminal(home, ["secrets", "set", "tok"], ["one", "two"])
    assert status == 2 and "differ" in transcript


def test_database_password_prompt_on_a_terminal(home):
    status, transcript = run_in_terminal(
        home, ["connections", "add", "database", "pg", "--host", "h", "--username", "u"],
        [DB_PASSWORD])
    assert status == 0, transcript
    assert "Password for database connection 'pg'" in transcript
    assert DB_PASSWORD not in transcript
    assert home.json("connections", "show", "pg")["has_password"] is True
