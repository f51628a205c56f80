"""Filters pushed into SQLite, PostgreSQL, MariaDB and DuckDB-file sources.

Every source holds a table and columns whose names need quoting (`we"ird`, `select`, `order`)
and values with quotes, backslashes, unicode, NULLs and case/padding variants. Each filter, one
per literal type, runs pushed into the source and unpushed in DuckDB (a sort in between keeps
it out of the source's query): both must give the same rows. Whether the filter was pushed is
checked too, per dialect: a dialect that cannot express it exactly leaves it to DuckDB.
"""

import datetime
import decimal
import os
import pathlib
import sqlite3
import subprocess

import pytest

D = datetime.date
T = datetime.datetime

# order, select, price, amount, flag, day, at, raw
ROWS = [
    (1, "it's", 0.1, "12.50", True, D(2024, 1, 1), T(2024, 1, 1), b"\x00\xff"),
    (2, "back\\slash", 1.5, "0.10", False, D(2023, 12, 31), T(2024, 1, 1, 10, 30, 0, 1), b"'"),
    (3, "ünï 日本", -2.0, "-3.00", True, D(2024, 2, 29), T(2023, 6, 30, 23, 59, 59), b"abc"),
    (4, "Ann", None, None, None, None, None, None),
    (5, "ann", 2.5, "100.00", False, D(2024, 1, 2), T(2024, 1, 2), b""),
    (None, "ann ", 1e300, "1.00", True, D(2024, 1, 1), T(2024, 1, 1), b"\x00"),
    (7, 'a"b', 0.30000000000000004, "7.77", False, D(1999, 12, 31), T(1999, 12, 31, 23, 59, 59, 999999),
     b"\\"),
    (8, None, 3.0, "8.00", True, D(2024, 3, 1), T(2024, 3, 1, 12), b"z"),
]

def filters(ff):
    col = ff.col
    return {
        # name: (predicate, pushed into these dialects)
        "int": (col("order") > 2, {"sqlite", "postgresql", "mysql"}),
        "int_null": (col("order") == None, {"sqlite", "postgresql", "mysql"}),  # noqa: E711
        "int_in": (col("order").is_in([1, 7, None]), {"sqlite", "postgresql", "mysql"}),
        "is_null": (col("order").is_null(), {"sqlite", "postgresql", "mysql"}),
        "str_quote": (col("select") == "it's", {"sqlite", "postgresql", "mysql"}),
        "str_backslash": (col("select") == "back\\slash", {"sqlite", "postgresql", "mysql"}),
        "str_unicode": (col("select") == "ünï 日本", {"sqlite", "postgresql", "mysql"}),
        "str_dquote": (col("select").is_in(['a"b', "Ann"]), {"sqlite", "postgresql", "mysql"}),
        "str_case_pad": (col("select") != "ann", {"sqlite", "postgresql", "mysql"}),
        "str_order": (col("select") < "b", {"sqlite", "postgresql", "mysql"}),
        "double": (col("price") >= 0.30000000000000004, {"sqlite", "postgresql", "mysql"}),
        "double_big": (col("price") > 1e299, {"sqlite", "postgresql", "mysql"}),
        "decimal": (col("amount") == decimal.Decimal("12.50"), {"sqlite", "postgresql", "mysql"}),
        "decimal_lt": (col("amount") < decimal.Decimal("0.5"), {"sqlite", "postgresql", "mysql"}),
        "bool": (col("flag") == True, {"postgresql"}),  # noqa: E712
        "date": (col("day") >= D(2024, 1, 1), {"postgresql", "mysql"}),
        "date_eq": (col("day") == D(2024, 2, 29), {"postgresql", "mysql"}),
        "timestamp": (col("at") < T(2024, 1, 1, 10, 30, 0, 1), {"postgresql", "mysql"}),
        "timestamp_date": (col("at") == D(2024, 1, 1), {"postgresql", "mysql"}),
        "blob": (col("raw") == b"\x00\xff", {"sqlite", "postgresql", "mysql"}),
        "between": (col("order").is_between(2, 5), {"sqlite", "postgresql", "mysql"}),
        "not": (~(col("select") == "ann"), {"sqlite", "postgresql", "mysql"}),
        "or": ((col("order") == 1) | (col("select") == "ann"), {"sqlite", "postgresql", "mysql"}),
        "and_mixed": ((col("order") > 1) & (col("day") >= D(2024, 1, 1)), {"sqlite", "postgresql", "mysql"}),
    }


def pushed(frame) -> bool:
    return "WHERE" in frame.explain().split("-- compiled SQL")[0]


def canonical(rows):
    return sorted((tuple(str(v) if isinstance(v, decimal.Decimal) else v for v in r) for r in rows), key=repr)


def check_every_filter(ff, connection, table, dialect):
    source = ff.read_database(connection, table_name=table)
    assert source.columns == ["order", "select", "price", "amount", "flag", "day", "at", "raw"]
    for name, (predicate, dialects) in filters(ff).items():
        direct = source.filter(predicate)
        engine_only = source.sort("order").filter(predicate)
        assert not pushed(engine_only)
        assert pushed(direct) == (dialect in dialects), name
        assert canonical(direct.collect().rows()) == canonical(engine_only.collect().rows()), name


# --- SQLite ------------------------------------------------------------------------------------

@pytest.fixture()
def sqlite_source(ff, tmp_path):
    path = tmp_path / "odd.db"
    with sqlite3.connect(path) as db:
        for table in ('we"ird', "select"):
            quoted = '"' + table.replace('"', '""') + '"'
            db.execute(f'CREATE TABLE {quoted} ("order" INTEGER, "select" TEXT, price REAL, amount NUMERIC,'
                       ' flag BOOLEAN, day DATE, "at" TIMESTAMP, raw BLOB)')
            db.executemany(f"INSERT INTO {quoted} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(r[0], r[1], r[2], None if r[3] is None else float(r[3]), r[4],
                             None if r[5] is None else r[5].isoformat(),
                             None if r[6] is None else r[6].isoformat(" "), r[7]) for r in ROWS])
    ff.create_database_connection(connection_name="odd_sqlite", database_type="sqlite", database=str(path))
    return "odd_sqlite"


@pytest.mark.parametrize("table", ['we"ird', "select"])
def test_sqlite_filters_match_the_engine(ff, sqlite_source, table):
    check_every_filter(ff, sqlite_source, table, "sqlite")


def test_sqlite_date_filter_no_longer_fails(ff, sqlite_source):
    frame = ff.read_database(sqlite_source, table_name='we"ird').filter(ff.col("day") == D(2024, 2, 29))
    assert [r[0] for r in frame.collect().rows()] == [3]


def test_sqlite_values_stored_off_type_are_compared_as_read(ff, tmp_path):
    # SQLite stores what it is given: text in an INTEGER column reads as 0 and must filter as 0.
    path = tmp_path / "loose.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (n INTEGER, s TEXT)")
        db.executemany("INSERT INTO t VALUES (?, ?)", [("abc", 5), (3, "x"), (10, 7)])
    ff.create_database_connection(connection_name="loose", database_type="sqlite", database=str(path))
    source = ff.read_database("loose", table_name="t")
    for predicate in (ff.col("n") < 5, ff.col("s") > "0", ff.col("s") == "5"):
        assert pushed(source.filter(predicate))
        assert canonical(source.filter(predicate).collect().rows()) == canonical(
            source.sort("n").filter(predicate).collect().rows())


# --- DuckDB file (attached: DuckDB filters it itself) ---------------------------------------------

def duck_value(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, bytes):
        return "'" + "".join(f"\\x{b:02x}" for b in v) + "'::BLOB"
    if isinstance(v, datetime.datetime):
        return f"TIMESTAMP '{v.isoformat(' ')}'"
    if isinstance(v, datetime.date):
        return f"DATE '{v.isoformat()}'"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


@pytest.fixture()
def duck_source(ff, tmp_path):
    path = tmp_path / "odd.duckdb"
    values = ", ".join("(" + ", ".join(duck_value(v) for v in r) + ")" for r in ROWS)
    statements = "; ".join(
        f'CREATE TABLE {quoted} ("order" INTEGER, "select" VARCHAR, price DOUBLE, '
        f'amount DECIMAL(10,2), flag BOOLEAN, day DATE, "at" TIMESTAMP, raw BLOB); '
        f"INSERT INTO {quoted} VALUES {values}" for quoted in ('"we""ird"', '"select"'))
    # The file is made by DuckDB's own Node client, not by us.
    subprocess.run(["node", "--input-type=module", "-e", """
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[1]);
const c = await db.connect();
await c.run(process.argv[2]);
c.closeSync();
""", str(path), statements], cwd=pathlib.Path(__file__).resolve().parents[1], check=True,
                   timeout=120)
    ff.create_database_connection(connection_name="odd_duck", database_type="duckdb",
                                  database=str(path))
    return "odd_duck"


@pytest.mark.parametrize("table", ['we"ird', "select"])
def test_duckdb_file_filters_match_the_engine(ff, duck_source, table):
    source = ff.read_database(duck_source, table_name=table)
    assert source.columns == ["order", "select", "price", "amount", "flag", "day", "at", "raw"]
    assert source.collect().height == len(ROWS)
    for name, (predicate, _) in filters(ff).items():
        direct = source.filter(predicate)
        engine_only = source.sort("order").filter(predicate)
        assert canonical(direct.collect().rows()) == canonical(engine_only.collect().rows()), name


# --- PostgreSQL --------------------------------------------------------------------------------

PG = {k: os.environ.get(f"FLOWFILE_TEST_PG_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
needs_pg = pytest.mark.skipif(not PG["HOST"], reason="no test PostgreSQL (FLOWFILE_TEST_PG_HOST)")


def psql(sql: str) -> str:
    env = dict(os.environ, PGPASSWORD=PG["PASSWORD"])
    out = subprocess.run(["psql", "-h", PG["HOST"], "-p", PG["PORT"], "-U", PG["USER"], "-d", PG["DATABASE"],
                          "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def pg_value(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, bytes):
        return "'\\x" + v.hex() + "'::bytea"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


@pytest.fixture()
def pg_source(ff):
    ff.create_database_connection(
        connection_name="odd_pg", database_type="postgresql", host=PG["HOST"], port=int(PG["PORT"]),
        database=PG["DATABASE"], username=PG["USER"], password=ff.SecretStr(PG["PASSWORD"]), ssl_enabled=False)
    values = ", ".join("(" + ", ".join(pg_value(v) for v in r) + ")" for r in ROWS)
    # A linguistic collation orders 'Ann' after 'ann' and ignores case first: pushed string
    # comparisons must still follow the engine's byte order.
    linguistic = psql("SELECT count(*) FROM pg_collation WHERE collname = 'en_US.utf8'") != "0"
    collate = ' COLLATE "en_US.utf8"' if linguistic else ""
    for table in ('"we""ird"', '"select"'):
        psql(f'DROP TABLE IF EXISTS public.{table}; CREATE TABLE public.{table} ("order" int,'
             f' "select" text{collate}, price float8, amount numeric(10,2), flag boolean, day date,'
             f' "at" timestamp, raw bytea); INSERT INTO public.{table} VALUES {values}')
    yield "odd_pg"
    psql('DROP TABLE IF EXISTS public."we""ird", public."select"')


@needs_pg
@pytest.mark.parametrize("table", ['we"ird', "select"])
def test_postgres_filters_match_the_engine(ff, pg_source, table):
    check_every_filter(ff, pg_source, table, "postgresql")


@needs_pg
def test_postgres_partitioned_read_on_a_keyword_column(ff, pg_source):
    parts = ff.read_database(pg_source, table_name='we"ird', partition_on="order", partition_num=3)
    assert sorted((r[0] for r in parts.collect().rows()), key=repr) == sorted((r[0] for r in ROWS), key=repr)
    narrowed = parts.filter(ff.col("select") == "it's")
    assert [r[0] for r in narrowed.collect().rows()] == [1]


# --- MariaDB -----------------------------------------------------------------------------------

MY = {k: os.environ.get(f"FLOWFILE_TEST_MYSQL_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
needs_my = pytest.mark.skipif(not MY["HOST"], reason="no test MariaDB (FLOWFILE_TEST_MYSQL_HOST)")


def mysql(sql: str) -> str:
    out = subprocess.run(["mariadb", "-h", MY["HOST"], "-P", MY["PORT"], "-u", MY["USER"], f"-p{MY['PASSWORD']}",
                          "-D", MY["DATABASE"], "--batch", "--skip-column-names", "-e", sql],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def my_value(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, bytes):
        return "X'" + v.hex() + "'"
    if isinstance(v, (int, float)):
        return repr(v)
    return "_utf8mb4 X'" + str(v).encode().hex() + "'"


@pytest.fixture()
def my_source(ff):
    ff.create_database_connection(
        connection_name="odd_my", database_type="mysql", host=MY["HOST"], port=int(MY["PORT"]),
        database=MY["DATABASE"], username=MY["USER"], password=ff.SecretStr(MY["PASSWORD"]))
    values = ", ".join("(" + ", ".join(my_value(v) for v in r) + ")" for r in ROWS)
    for table in ("`we\"ird`", "`select`"):
        mysql(f"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (`order` INT, `select` VARCHAR(20)"
              " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, price DOUBLE, amount DECIMAL(10,2),"
              " flag TINYINT(1), day DATE, `at` DATETIME(6), raw VARBINARY(8));"
              f" INSERT INTO {table} VALUES {values}")
    yield "odd_my"
    mysql("DROP TABLE IF EXISTS `we\"ird`, `select`")


@needs_my
@pytest.mark.parametrize("table", ['we"ird', "select"])
def test_mariadb_filters_match_the_engine(ff, my_source, table):
    check_every_filter(ff, my_source, table, "mysql")


@needs_my
def test_mariadb_partitioned_read_on_a_keyword_column(ff, my_source):
    parts = ff.read_database(my_source, table_name='we"ird', partition_on="order", partition_num=3)
    assert sorted((r[0] for r in parts.collect().rows()), key=repr) == sorted((r[0] for r in ROWS), key=repr)
    narrowed = parts.filter(ff.col("select") == "it's")
    assert [r[0] for r in narrowed.collect().rows()] == [1]
