"""read_database / write_database against a real PostgreSQL (started by tests/python/run.sh).

Skipped when FLOWFILE_TEST_PG_HOST is not set. The seed's three database snippets run as
written, with only the connection registered first.
"""

import os
import subprocess

import pytest

PG = {k: os.environ.get(f"FLOWFILE_TEST_PG_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
pytestmark = pytest.mark.skipif(not PG["HOST"], reason="no test PostgreSQL (FLOWFILE_TEST_PG_HOST)")


def psql(sql: str) -> str:
    env = dict(os.environ, PGPASSWORD=PG["PASSWORD"])
    out = subprocess.run(["psql", "-h", PG["HOST"], "-p", PG["PORT"], "-U", PG["USER"], "-d", PG["DATABASE"],
                          "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture()
def prod_db(ff):
    ff.create_database_connection(
        connection_name="prod_db", database_type="postgresql", host=PG["HOST"], port=int(PG["PORT"]),
        database=PG["DATABASE"], username=PG["USER"], password=ff.SecretStr(PG["PASSWORD"]), ssl_enabled=False)
    psql("DROP TABLE IF EXISTS public.orders, public.processed_orders CASCADE;"
         "CREATE TABLE public.orders (order_id int primary key, customer text, amount numeric(10,2),"
         " status text, ordered_at timestamptz);"
         "INSERT INTO public.orders VALUES (1,'ann',120.50,'shipped','2024-01-02 10:00+00'),"
         "(2,'bob',80.00,'pending','2024-01-03 11:00+00'),(3,'ann',310.25,'shipped',NULL),"
         "(4,'cy',NULL,'cancelled','2024-01-05 09:30+00')")
    yield "prod_db"
    psql("DROP TABLE IF EXISTS public.orders, public.processed_orders CASCADE")


def test_seed_snippets_run_unchanged(ff, prod_db):
    orders = ff.read_database("prod_db", table_name="orders", schema_name="public")
    recent = ff.read_database("prod_db", query="SELECT * FROM orders WHERE status = 'shipped'")
    transformed = orders.filter(ff.col("status") != "cancelled", description="Keep live orders")
    transformed.write_database(connection_name="prod_db", table_name="processed_orders",
                               schema_name="public", if_exists="append")
    assert recent.collect().height == 2
    assert psql("SELECT string_agg(order_id::text, ',' ORDER BY order_id) FROM public.processed_orders") == "1,2,3"
    df = orders.sort("order_id").collect()
    assert df.columns == ["order_id", "customer", "amount", "status", "ordered_at"]
    assert str(df.schema["amount"]) == "Decimal(precision=10, scale=2)"
    assert [str(v) if v is not None else None for v in df["amount"].to_list()] == ["120.50", "80.00", "310.25", None]
    assert df["ordered_at"].to_list()[0].isoformat() == "2024-01-02T10:00:00+00:00"


def test_graph_and_flow_file_keep_only_the_name(ff, prod_db, tmp_path):
    frame = ff.read_database("prod_db", table_name="orders", schema_name="public", description="Orders")
    node = frame.flow_graph.nodes[0]
    assert node.node_type == "database_reader" and node.setting_input["connection_name"] == "prod_db"
    path = tmp_path / "flow.yaml"
    frame.save_graph(path)
    text = path.read_text()
    assert PG["PASSWORD"] not in text and "prod_db" in text
    assert PG["PASSWORD"] not in frame.explain()
    again = ff.open_flow(path).sort("order_id").collect()
    assert again.height == 4


def test_write_modes_and_failures_leave_target_unchanged(ff, prod_db):
    source = ff.from_dict({"id": [1, 2], "name": ["a", "b"]})
    source.write_database("prod_db", "processed_orders", "public", if_exists="replace")
    with pytest.raises(ff.AlreadyExistsError):
        source.write_database("prod_db", "processed_orders", "public", if_exists="fail")
    # A write that fails midway (a value that does not fit an existing column) changes nothing.
    bad = ff.from_dict({"id": [3, None], "name": ["c", "d"]})
    psql("ALTER TABLE public.processed_orders ALTER COLUMN id SET NOT NULL")
    with pytest.raises(ff.FlowfileError):
        bad.write_database("prod_db", "processed_orders", "public", if_exists="append")
    assert psql("SELECT count(*) FROM public.processed_orders") == "2"


def test_errors_name_the_problem_and_never_the_password(ff, prod_db):
    with pytest.raises(ff.NotFoundError) as unknown_conn:
        ff.read_database("prod", table_name="orders")
    assert "prod_db" in str(unknown_conn.value)
    with pytest.raises(ff.NotFoundError) as unknown_table:
        ff.read_database("prod_db", table_name="order", schema_name="public")
    assert "orders" in str(unknown_table.value)
    ff.update_database_connection("prod_db", password=ff.SecretStr("wrong-password-123"))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.read_database("prod_db", table_name="orders", schema_name="public")
    assert "wrong-password-123" not in str(denied.value) and PG["PASSWORD"] not in str(denied.value)


def test_browsing(ff, prod_db):
    assert "public" in ff.list_database_schemas("prod_db")
    assert "orders" in ff.list_database_tables("prod_db", schema="public")
    columns = {c["name"]: c for c in ff.list_database_columns("prod_db", "orders", schema="public")}
    assert columns["amount"]["dtype"] == "DECIMAL(10,2)"


def test_filters_are_pushed_into_the_server_query(ff, prod_db):
    orders = ff.read_database("prod_db", table_name="orders", schema_name="public")
    shipped = orders.filter((ff.col("status") == "shipped") & (ff.col("amount") > 100), description="Big shipped")
    plan = shipped.explain()
    assert "WHERE" in plan.split("-- compiled SQL")[0] and "'shipped'" in plan
    assert sorted(r[0] for r in shipped.collect().rows()) == [1, 3]
    # A predicate the source cannot run exactly stays in the engine only.
    upper = orders.filter(ff.col("customer").str.to_uppercase() == "ANN")
    assert "WHERE" not in upper.explain().split("-- compiled SQL")[0]
    assert sorted(r[0] for r in upper.collect().rows()) == [1, 3]


def test_partitioned_read_gives_every_row_once(ff, prod_db):
    psql("INSERT INTO public.orders SELECT i, 'c' || i, i, 'bulk', NULL FROM generate_series(10, 1009) i")
    parts = ff.read_database("prod_db", table_name="orders", schema_name="public",
                             partition_on="order_id", partition_num=4)
    assert parts.explain().count("ff_part WHERE") == 4
    df = parts.collect()
    ids = sorted(r[0] for r in df.rows())
    assert ids == [1, 2, 3, 4] + list(range(10, 1010))
    assert parts.filter(ff.col("status") == "bulk").collect().height == 1000
