"""Browsing every supported database type: schemas, tables and columns of SQLite and DuckDB
files here, MariaDB against the server tests/python/run.sh starts (PostgreSQL's browsing is
covered in test_database_frames.py)."""

import os
import pathlib
import sqlite3
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MY = {k: os.environ.get(f"FLOWFILE_TEST_MYSQL_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}


def test_sqlite_has_one_schema_and_its_tables(ff, tmp_path):
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (id INTEGER, amount REAL, note TEXT)")
        db.execute('CREATE TABLE "we""ird" (x INTEGER)')
    ff.create_database_connection(connection_name="lite", database_type="sqlite",
                                  database=str(path))
    assert ff.list_database_schemas("lite") == ["main"]
    assert sorted(ff.list_database_tables("lite")) == ["orders", 'we"ird']
    assert sorted(ff.list_database_tables("lite", "main")) == ["orders", 'we"ird']
    with pytest.raises(ff.NotFoundError, match="one schema, 'main'"):
        ff.list_database_tables("lite", "public")
    columns = ff.list_database_columns("lite", "orders")
    assert [(c["name"], str(c["dtype"])) for c in columns] == [
        ("id", "BIGINT"), ("amount", "DOUBLE"), ("note", "VARCHAR")]


def test_duckdb_schemas_tables_and_views(ff, tmp_path):
    path = tmp_path / "lake.duckdb"
    # The file is made by DuckDB's own Node client, not by us.
    subprocess.run(["node", "--input-type=module", "-e", """
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[1]);
const c = await db.connect();
await c.run('CREATE SCHEMA staging; CREATE TABLE main.facts (a INTEGER, b VARCHAR); '
  + 'CREATE VIEW main.facts_view AS SELECT a FROM main.facts; CREATE TABLE staging.raw (z DOUBLE)');
c.closeSync();
""", str(path)], cwd=ROOT / "tests", check=True, timeout=120)
    ff.create_database_connection(connection_name="duck", database_type="duckdb",
                                  database=str(path))
    assert ff.list_database_schemas("duck") == ["main", "staging"]
    assert ff.list_database_tables("duck") == ["facts", "facts_view"]
    assert ff.list_database_tables("duck", "staging") == ["raw"]
    assert [c["name"] for c in ff.list_database_columns("duck", "raw", schema="staging")] == ["z"]


def test_a_file_database_says_it_keeps_no_password(ff, tmp_path):
    with pytest.warns(UserWarning, match="is a file: its username and password are not used"):
        info = ff.create_database_connection(connection_name="lite", database_type="sqlite",
                                             database=str(tmp_path / "x.sqlite"),
                                             password=ff.SecretStr("hunter2"))
    assert info.has_password is False


@pytest.mark.skipif(not MY["HOST"], reason="no test MariaDB (FLOWFILE_TEST_MYSQL_HOST)")
def test_mariadb_schema_is_its_database(ff):
    subprocess.run(["mariadb", "-h", MY["HOST"], "-P", MY["PORT"], "-u", MY["USER"],
                    f"-p{MY['PASSWORD']}", "-D", MY["DATABASE"], "-e",
                    "DROP TABLE IF EXISTS browse_me; CREATE TABLE browse_me (id INT, label VARCHAR(9))"],
                   check=True)
    ff.create_database_connection(
        connection_name="shop", database_type="mariadb", host=MY["HOST"], port=int(MY["PORT"]),
        database=MY["DATABASE"], username=MY["USER"], password=ff.SecretStr(MY["PASSWORD"]))
    assert ff.list_database_schemas("shop") == [MY["DATABASE"]]
    assert "browse_me" in ff.list_database_tables("shop")
    with pytest.raises(ff.NotFoundError, match="one schema"):
        ff.list_database_tables("shop", "elsewhere")
    assert [c["name"] for c in ff.list_database_columns("shop", "browse_me")] == ["id", "label"]
