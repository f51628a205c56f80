"""The store on disk: where it lives, its permissions, its encryption, its schema."""

import base64
import json
import os
import sqlite3
import stat

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from conftest import run_python


def user_key(master_key: str, user_id: int = 1) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"flowfile-secrets-v1",
                   info=f"user-{user_id}".encode()).derive(master_key.encode())
    return base64.urlsafe_b64encode(derived)


def test_home_and_files_are_owner_only(ff, home):
    ff.secrets.set("x", "y")
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    for name in ["flowfile.db", ".secret_key"]:
        assert stat.S_IMODE(os.stat(home / name).st_mode) == 0o600, name
    for extra in ["flowfile.db-wal", "flowfile.db-shm"]:
        if (home / extra).exists():
            assert stat.S_IMODE(os.stat(home / extra).st_mode) == 0o600, extra


def test_config_dir_resolution(tmp_path):
    env = {"FLOWFILE_KEYRING": "0", "FLOWFILE_HOME": ""}
    code = "import flowfile as ff; print(ff.config_dir())"
    r = run_python(code, dict(env, XDG_CONFIG_HOME=str(tmp_path / "xdg")))
    assert r.stdout.strip() == str(tmp_path / "xdg" / "flowfile"), r.stderr
    r = run_python(code, dict(env, XDG_CONFIG_HOME="", HOME=str(tmp_path / "h")))
    assert r.stdout.strip() == str(tmp_path / "h" / ".config" / "flowfile"), r.stderr
    r = run_python(code, dict(env, FLOWFILE_HOME=str(tmp_path / "explicit")))
    assert r.stdout.strip() == str(tmp_path / "explicit"), r.stderr


def test_stored_values_are_flowfile_envelopes_python_can_decrypt(ff, home):
    ff.create_database_connection("pg", host="h", password="pg-password-123")
    ff.secrets.set("token", "tok-abc")
    master_key = (home / ".secret_key").read_text().strip()
    with sqlite3.connect(home / "flowfile.db") as db:
        rows = db.execute("SELECT owner_kind, encrypted_value FROM secrets ORDER BY id").fetchall()
    plain = []
    for kind, envelope in rows:
        prefix, version, user, token = envelope.split("$")[1:]
        assert (prefix, version, user) == ("ffsec", "1", "1")
        plain.append((kind, Fernet(user_key(master_key)).decrypt(token.encode()).decode()))
    assert plain == [("database_connection", "pg-password-123"), ("user", "tok-abc")]


def test_value_sealed_by_python_is_read_by_flowfile(ff, home):
    ff.secrets.set("token", "placeholder")
    master_key = (home / ".secret_key").read_text().strip()
    token = Fernet(user_key(master_key)).encrypt(b"written-by-python").decode()
    with sqlite3.connect(home / "flowfile.db") as db:
        db.execute("UPDATE secrets SET encrypted_value = ? WHERE name = 'token'",
                   (f"$ffsec$1$1${token}",))
    assert ff.secrets.get("token").get_secret_value() == "written-by-python"


def test_schema_version_and_room_for_later_tables(ff, home):
    ff.secrets.list()
    with sqlite3.connect(home / "flowfile.db") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"database_connections", "cloud_storage_connections", "secrets", "audit_events"} <= tables


def test_env_master_key_wins_and_malformed_is_named(tmp_path):
    good = Fernet.generate_key().decode()
    env = {"FLOWFILE_HOME": str(tmp_path / "h"), "FLOWFILE_KEYRING": "0"}
    r = run_python("import flowfile as ff; ff.secrets.set('a','b'); print(ff.key_info()['source'])",
                   dict(env, FLOWFILE_MASTER_KEY=f'"{good}"'))
    assert r.returncode == 0, r.stderr
    assert "FLOWFILE_MASTER_KEY" in r.stdout
    assert not (tmp_path / "h" / ".secret_key").exists()

    bad = "not-a-key-but-secret-looking-XYZ"
    r = run_python("import flowfile as ff; ff.secrets.list()", dict(env, FLOWFILE_MASTER_KEY=bad))
    assert r.returncode != 0
    assert "FLOWFILE_MASTER_KEY" in r.stderr and "Fernet key" in r.stderr
    assert bad not in r.stderr


def test_audit_log_records_without_values(ff):
    ff.create_database_connection("pg", host="h", password="AUDIT-SECRET-1")
    ff.secrets.set("tok", "AUDIT-SECRET-2")
    ff.secrets.get("tok")
    with pytest.raises(ff.NotFoundError):
        ff.secrets.get("missing")
    ff.del_database_connection("pg")
    events = ff.audit_log()
    seen = [(e["action"], e["object_kind"], e["object_name"], e["outcome"].split(":")[0])
            for e in reversed(events)]
    assert seen == [
        ("create", "database_connection", "pg", "ok"),
        ("create", "secret", "tok", "ok"),
        ("read", "secret", "tok", "ok"),
        ("read", "secret", "missing", "error"),
        ("delete", "database_connection", "pg", "ok"),
    ]
    assert all(e["actor"].startswith("python:") for e in events)
    assert "AUDIT-SECRET" not in json.dumps(events)
