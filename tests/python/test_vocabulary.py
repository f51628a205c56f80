"""One vocabulary across the CLI and Python: every command's --json is JSON with typed values
(numbers as numbers, flags as booleans, times as ISO-8601 UTC), records carry the field names (and
values) the matching Python call returns, and the other names of a verb work as aliases.

Every command of the command table is either walked here with --json or named in NOT_WALKED
with the reason, so a new command cannot skip the check unnoticed."""

import datetime
import json
import os
import re
import sqlite3
import subprocess

import pytest

from conftest import cli_path

# Commands whose --json is not walked here, and why (each is covered by its own suite).
NOT_WALKED = {
    "flowfile cloud ls": "needs an object store (test_cli_cloud.py)",
    "flowfile cloud cp": "needs an object store (test_cli_cloud.py)",
    "flowfile cloud rm": "needs an object store (test_cli_verbs.py)",
    "flowfile ui": "serves the web app until stopped (test_web_api.py)",
    "flowfile completion": "prints a shell script",
    "flowfile man": "prints the manual",
    "flowfile generate": "prints code",
    "flowfile key rotate": "walked in test_key_rotation_and_init_json (changes the key)",
    "flowfile key init": "walked in test_key_rotation_and_init_json (changes the key)",
}
TIME_KEYS = {"timestamp", "time", "created_at", "updated_at", "started_at", "last_modified"}
# String fields whose values may be all digits without being numbers.
TEXT_KEYS = {"fingerprint", "current_fingerprint", "staged_fingerprint", "old_fingerprint",
             "new_fingerprint", "replaced_fingerprint", "value", "run_id", "source_run_id",
             "version_text"}
NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?")


class Home:
    def __init__(self, path):
        self.path = path
        self.env = dict(os.environ, FLOWFILE_HOME=str(path), FLOWFILE_KEYRING="0")
        self.walked = set()

    def run(self, *args, input=None, expect=0):
        proc = subprocess.run([cli_path(), *map(str, args)], input=input, capture_output=True,
                              text=True, timeout=120, env=self.env,
                              stdin=None if input is not None else subprocess.DEVNULL)
        assert proc.returncode == expect, (args, proc.returncode, proc.stderr)
        return proc

    def json(self, *args, input=None):
        """Runs a command with --json; checks the output is typed JSON and notes the command."""
        proc = self.run(*args, "--json", input=input)
        try:
            value = json.loads(proc.stdout)
        except json.JSONDecodeError as error:
            raise AssertionError(f"flowfile {' '.join(map(str, args))} --json: {error}\n"
                                 f"{proc.stdout[:500]}") from None
        assert_typed(value, " ".join(map(str, args)))
        self.walked.add(command_path(args))
        return value


def command_path(args) -> str:
    words = ["flowfile"]
    for word in map(str, args):
        if word.startswith("-") or " ".join(words + [word]) not in COMMANDS:
            break
        words.append(word)
    return " ".join(words)


def all_commands() -> set:
    text = subprocess.run([cli_path(), "man", "--markdown"], capture_output=True, text=True,
                          check=True).stdout
    return {line[3:] for line in text.splitlines() if line.startswith("## flowfile")}


COMMANDS = all_commands()
GROUPS = {c for c in COMMANDS if any(o.startswith(c + " ") for o in COMMANDS)}


def is_iso(text: str) -> bool:
    if "T" not in text:
        return False
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def assert_typed(value, where: str, key: str = "") -> None:
    """Numbers are numbers, flags booleans, times ISO-8601: nowhere a number or a flag as text."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert_typed(v, where, k)
    elif isinstance(value, list):
        for v in value:
            assert_typed(v, where, key)
    elif isinstance(value, str):
        if key in TIME_KEYS:
            assert is_iso(value), f"{where}: {key}={value!r} is not ISO-8601"
        elif key not in TEXT_KEYS:
            assert not NUMBER_TEXT.fullmatch(value), f"{where}: {key}={value!r} is a number as text"
            assert value not in ("true", "false"), f"{where}: {key}={value!r} is a flag as text"


def plain(value):
    """A Python result as JSON would carry it (tuples as lists, records as dicts)."""
    return json.loads(json.dumps(value, default=lambda o: o.model_dump()
                                 if hasattr(o, "model_dump") else
                                 {k: getattr(o, k) for k in o.__slots__}))


def assert_same_record(cli: dict, python: dict, where: str, cli_only=(), values=True):
    """The CLI's record has Python's field names (plus `cli_only`), with the same values."""
    python = plain(python)
    missing = set(python) - set(cli)
    extra = set(cli) - set(python) - set(cli_only)
    assert not missing and not extra, f"{where}: missing in CLI {missing}, extra {extra}"
    if values:
        for key, value in python.items():
            assert cli[key] == value, f"{where}: {key}: CLI {cli[key]!r}, Python {value!r}"


@pytest.fixture
def home(home, tmp_path):
    """A home with connections, secrets and catalog tables, made through Python and the CLI."""
    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE orders (id INTEGER, amount REAL)")
        c.executemany("INSERT INTO orders VALUES (?, ?)", [(1, 9.5), (2, 20.0)])
    h = Home(home)
    h.json("connections", "add", "database", "shop", "--type", "sqlite", "--database", db)
    h.run("secrets", "set", "pg_pw", input="pw-vocabulary-1\n")
    h.json("connections", "add", "database", "pg", "--type", "postgresql", "--host",
           "db.example.com", "--port", "5432", "--database", "sales", "--username", "etl",
           "--password-secret", "pg_pw")
    h.json("connections", "add", "cloud", "lake", "--storage-type", "s3", "--auth-method",
           "access_key", "--aws-region", "eu-west-1", "--aws-access-key-id", "AKIAEXAMPLE",
           "--scope", "s3://lake/raw", "--secrets-stdin",
           input="aws_secret_access_key=vocabulary-secret-2\n")
    data = tmp_path / "sales.csv"
    data.write_text("id,amount,region\n1,10,north\n2,20,south\n")
    h.json("catalog", "write", "sales", data)
    changes = tmp_path / "changes.csv"
    changes.write_text("id,amount,region\n2,25,south\n3,30,east\n")
    h.json("catalog", "write", "sales", changes, "--mode", "upsert", "--merge-keys", "id")
    return h


def test_every_command_prints_typed_json_with_pythons_field_names(ff, home, tmp_path):
    h = home
    # Connections: the list, one record, and the records add/update print.
    listed = h.json("connections", "list")
    for cli, python, extras in (
            (listed["database_connections"], ff.list_database_connections(),
             ("kind", "password")),
            (listed["cloud_connections"], ff.list_cloud_storage_connections(),
             ("kind", "secret_fields"))):
        assert [c["connection_name"] for c in cli] == [p.connection_name for p in python]
        for c, p in zip(cli, python):
            assert_same_record(c, p.model_dump(), "connections list", extras)
    assert_same_record(h.json("connections", "show", "pg"), ff.get_database_connection("pg").model_dump(),
                       "connections show", ("kind", "password"))
    assert_same_record(h.json("connections", "show", "lake"),
                       ff.get_cloud_storage_connection("lake").model_dump(),
                       "connections show", ("kind", "secret_fields"))
    assert h.json("connections", "list", "--kind", "cloud").keys() == {"cloud_connections"}
    updated = h.json("connections", "update", "pg", "--port", "6543")
    assert updated["port"] == 6543 and updated["password_ref"] == "pg_pw"
    tested = h.json("connections", "test", "shop")
    assert tested["ok"] is True and isinstance(tested["elapsed_ms"], (int, float))

    # Secrets: names and times as ff.secrets.list() (SecretInfo records).
    secrets = h.json("secrets", "list")
    assert [plain(s) for s in ff.secrets.list()] == secrets
    shown = h.json("secrets", "show", "pg_pw")
    assert shown == {"name": "pg_pw", "value": "**********", "revealed": False}
    assert h.json("secrets", "set", "other", input="v\n") == {"name": "other", "created": True}
    assert h.json("secrets", "delete", "other") == {"deleted": "other"}

    # The key and the audit log.
    assert h.json("key", "show") == plain(ff.key_info())
    assert h.json("key", "status") == plain(ff.key_status())
    events = h.json("audit", "--limit", "5")
    python_events = ff.audit_log(5)
    assert events and [set(e) for e in events] == [set(e) for e in python_events]
    assert all(e["timestamp"] == e["time"] for e in events)

    # Databases through a connection: names as ff.list_database_*, rows typed.
    assert h.json("db", "schemas", "shop") == ff.list_database_schemas("shop")
    assert h.json("db", "tables", "shop", "--schema", "main") == \
        ff.list_database_tables("shop", schema="main")
    rows = h.json("db", "query", "shop", "SELECT id, amount FROM orders ORDER BY id")
    assert rows == [{"id": 1, "amount": 9.5}, {"id": 2, "amount": 20.0}]

    # The catalog: records as ff.catalog returns them, value for value.
    tables = h.json("catalog", "list")
    python_tables = ff.catalog.list_tables()
    assert len(tables) == len(python_tables) == 1
    assert_same_record(tables[0], python_tables[0], "catalog list")
    assert_same_record(h.json("catalog", "show", "sales"), ff.catalog.get_table("sales"),
                       "catalog show")
    history = h.json("catalog", "history", "sales")
    python_history = ff.catalog.history("sales")
    assert len(history) == len(python_history) == 2
    for c, p in zip(history, python_history):
        assert_same_record(c, p, "catalog history")
    assert_same_record(h.json("catalog", "lineage", "sales"), ff.catalog.lineage("sales"),
                       "catalog lineage")
    assert_same_record(h.json("catalog", "vacuum", "sales"), ff.catalog.vacuum("sales"),
                       "catalog vacuum")
    assert_same_record(h.json("catalog", "optimize", "sales"), ff.catalog.optimize("sales"),
                       "catalog optimize", values=False)
    preview = h.json("catalog", "preview", "sales", "--version", "0")
    assert preview == {"full_name": "General.default.sales", "version": 0,
                       "rows": [{"id": 1, "amount": 10, "region": "north"},
                                {"id": 2, "amount": 20, "region": "south"}]}
    restored = h.json("catalog", "restore", "sales", "0")
    assert_same_record(restored, ff.catalog.restore("sales", 1), "catalog restore",
                       ("restored_from",), values=False)
    assert restored["restored_from"] == 0
    data = tmp_path / "more.csv"
    data.write_text("id,amount,region\n4,40,west\n")
    written = h.json("catalog", "write", "sales", data, "--mode", "append")
    ff.from_dict({"id": [5], "amount": [50], "region": ["x"]}).write_catalog_table(
        "sales", write_mode="append")
    assert_same_record(written, ff.catalog.last_write(), "catalog write", ("mode", "row_count"),
                       values=False)
    ff.from_dict({"id": [1]}).write_catalog_table("scratch")
    assert h.json("catalog", "drop", "scratch") == {"full_name": "General.default.scratch",
                                                    "dropped": True}

    # Node types and a flow run: the dicts of ff.node_types() and the NodeRuns of Flow.run().
    types = h.json("nodes", "list")
    assert types == plain(ff.node_types())
    assert h.json("nodes", "show", "join") == next(t for t in types if t["key"] == "join")
    flow = write_flow(tmp_path)
    run = h.json("run", flow)
    python_run = ff.open_flow(flow).run()
    assert run["ok"] is python_run.ok is True
    for c, p in zip(run["nodes"], python_run.nodes):
        assert_same_record(c, {k: getattr(p, k) for k in p.__slots__}, "run", values=False)

    # Export and import (the report's counts are numbers).
    export = tmp_path / "export.json"
    assert h.json("connections", "export", "-o", export)["written"] == str(export)
    report = h.json("connections", "import", export, "--no-input")
    assert isinstance(report["values_from_file"], int)
    assert h.json("connections", "delete", "shop") == {"deleted": "shop", "kind": "database"}

    # Every leaf command is walked (here or in the key test), or named with the reason it is not.
    walked = h.walked | {"flowfile key rotate", "flowfile key init"}
    unwalked = COMMANDS - GROUPS - walked - set(NOT_WALKED)
    assert not unwalked, f"commands whose --json is not checked: {sorted(unwalked)}"


def write_flow(tmp_path):
    node = {"id": 1, "type": "manual_input", "description": "numbers", "input_ids": [],
            "outputs": [], "setting_input": {"raw_data_format": {
                "columns": [{"name": "n", "data_type": "Int64"}], "data": [[1, 2, 3]]}}}
    out = tmp_path / "out.csv"
    sink = {"id": 2, "type": "output", "description": "write", "input_ids": [1], "outputs": [],
            "setting_input": {"output_settings": {"name": out.name, "directory": str(tmp_path),
                                                  "file_type": "csv", "write_mode": "overwrite"}}}
    path = tmp_path / "flow.json"
    path.write_text(json.dumps({"flowfile_version": "0.12.0", "flowfile_id": 1,
                                "flowfile_name": "t", "flowfile_settings": {},
                                "nodes": [node, sink]}))
    return path


def test_key_rotation_and_init_json(ff, home):
    h = home
    before = h.json("key", "show")["fingerprint"]
    rotated = h.json("key", "rotate")
    assert rotated["old_fingerprint"] == before and isinstance(rotated["reencrypted"], int)
    assert_same_record(rotated, ff.rotate_key(), "key rotate", values=False)
    fresh = Home(home.path.parent / "fresh")
    made = fresh.json("key", "init", "--force")
    assert made["unreadable"] == 0 and made["unreadable_values"] == []
    # Python's init_key, last: the values of this home stay sealed under the replaced key.
    assert_same_record(made, ff.init_key(force=True), "key init", values=False)


@pytest.mark.parametrize("alias, name", [
    (["connections", "get", "pg"], ["connections", "show", "pg"]),
    (["catalog", "get", "sales"], ["catalog", "show", "sales"]),
    (["secrets", "get", "pg_pw"], ["secrets", "show", "pg_pw"]),
    (["key", "info"], ["key", "show"]),
    (["nodes", "describe", "join"], ["nodes", "show", "join"]),
    (["catalog", "preview", "sales", "--delta-version", "0"],
     ["catalog", "preview", "sales", "--version", "0"]),
])
def test_aliases_do_what_their_names_do(home, alias, name):
    assert home.json(*alias) == home.json(*name)
    assert home.run(*alias).stdout == home.run(*name).stdout


def test_aliases_are_documented_in_help_completion_and_the_manual(home):
    assert "show, get" in home.run("help", "secrets").stdout
    manual = home.run("man", "--markdown").stdout
    for section, alias in (("flowfile connections show", "get"), ("flowfile catalog show", "get"),
                           ("flowfile secrets show", "get"), ("flowfile key show", "info"),
                           ("flowfile nodes show", "describe"), ("flowfile catalog drop", "delete")):
        text = manual.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
        assert f"Alias: `{alias}`" in text, section
    bash = home.run("completion", "bash").stdout
    assert '"flowfile secrets get") words=' in bash and "show get" in bash
    assert "-a describe" in home.run("completion", "fish").stdout
    # A typo near an alias is suggested too.
    assert "did you mean 'describe'" in home.run("nodes", "describ", "join", expect=2).stderr
    # Dropping by the alias works.
    assert home.json("catalog", "delete", "sales")["dropped"] is True


def test_python_aliases_are_the_same_functions(ff):
    # Python's verb matches the CLI's (list, delete); Flowfile's names stay as aliases.
    assert ff.get_all_available_database_connections is ff.list_database_connections
    assert ff.get_all_available_cloud_storage_connections is ff.list_cloud_storage_connections
    assert ff.del_database_connection is ff.delete_database_connection
    assert ff.del_cloud_storage_connection is ff.delete_cloud_storage_connection
    assert ff.read_delta is ff.scan_delta


def test_python_takes_version_and_delta_version_alike(ff, home):
    table = ff.catalog.get_table("sales")["location"]
    for read in (lambda **k: ff.read_catalog_table("sales", **k),
                 lambda **k: ff.scan_delta(table, **k)):
        assert read(version=0).collect().shape == read(delta_version=0).collect().shape == (2, 3)
        assert read(version=0, delta_version=0).collect().shape == (2, 3)
        with pytest.raises(ValueError, match="same argument"):
            read(version=0, delta_version=1)


def test_cli_and_python_list_the_same_tables_in_every_schema(ff, home, tmp_path):
    data = tmp_path / "more.csv"
    data.write_text("id\n1\n")
    home.json("catalog", "write", "marts.daily", data)
    home.json("catalog", "write", "more", data, "--namespace", "Lake.staging")
    ff.from_dict({"id": [1]}).write_catalog_table("Lake.staging.from_python")
    cli_names = sorted(t["full_name"] for t in home.json("catalog", "list"))
    python_names = sorted(t["full_name"] for t in ff.catalog.list_tables())
    assert cli_names == python_names == [
        "General.default.sales", "General.marts.daily", "Lake.staging.from_python",
        "Lake.staging.more"]
