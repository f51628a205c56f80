"""The seed's "End-to-end in fifteen lines" example, run as printed, against the test
PostgreSQL (orders), the test S3 server (customers) and the local catalog. Also the seed's
catalog snippets. Skipped when either server is missing (tests/python/run.sh starts both)."""

import os
import subprocess
import textwrap

import pytest

PG = {k: os.environ.get(f"FLOWFILE_TEST_PG_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}
pytestmark = pytest.mark.skipif(not (PG["HOST"] and S3["ENDPOINT"]), reason="needs the test PostgreSQL and S3")

FIFTEEN_LINES = '''
import flowfile as ff
# Connect (once, possibly months ago in the UI)
orders = ff.read_database("prod_db", table_name="orders")
customers = ff.scan_parquet_from_cloud_storage(
"s3://analytics-lake/customers.parquet",
connection_name="data-lake",
)
# Transform
enriched = (
orders
.join(customers, on="customer_id", how="left", description="Attach customer region")
.filter(ff.col("order_date") >= "2026-01-01", description="Current year only")
.group_by("region")
.agg(
[
ff.col("amount").sum().alias("total_spend"),
ff.col("order_id").count().alias("num_orders"),
]
)
.sort("total_spend", descending=True)
)
# Land
enriched.write_catalog_table("analytics.sales.regional_summary", write_mode="overwrite")
'''


def psql(sql: str) -> None:
    env = dict(os.environ, PGPASSWORD=PG["PASSWORD"])
    out = subprocess.run(["psql", "-h", PG["HOST"], "-p", PG["PORT"], "-U", PG["USER"], "-d", PG["DATABASE"],
                          "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def boto(code: str) -> None:
    prelude = textwrap.dedent(f"""
        import boto3
        s3 = boto3.client("s3", endpoint_url={S3['ENDPOINT']!r}, region_name={S3['REGION']!r},
                          aws_access_key_id={S3['KEY_ID']!r}, aws_secret_access_key={S3['SECRET']!r})
    """)
    out = subprocess.run([S3["PYTHON"], "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.fixture()
def world(ff, tmp_path):
    ff.create_database_connection(
        connection_name="prod_db", database_type="postgresql", host=PG["HOST"], port=int(PG["PORT"]),
        database=PG["DATABASE"], username=PG["USER"], password=ff.SecretStr(PG["PASSWORD"]))
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="data-lake", storage_type="s3", auth_method="access_key", aws_region=S3["REGION"],
        aws_access_key_id=S3["KEY_ID"], aws_secret_access_key=ff.SecretStr(S3["SECRET"]),
        endpoint_url=S3["ENDPOINT"], aws_allow_unsafe_html=True))
    psql("DROP TABLE IF EXISTS public.orders; CREATE TABLE public.orders (order_id int, customer_id int,"
         " amount numeric(10,2), order_date date);"
         "INSERT INTO public.orders VALUES (1, 10, 100.00, '2026-01-05'), (2, 11, 50.00, '2026-02-01'),"
         " (3, 10, 25.50, '2025-12-31'), (4, 12, 70.00, '2026-03-03'), (5, 99, 5.00, '2026-04-04')")
    local = tmp_path / "customers.parquet"
    ff.from_dict({"customer_id": [10, 11, 12], "region": ["north", "south", "north"]}).write_parquet(local)
    boto(f"""
        try:
            s3.create_bucket(Bucket="analytics-lake")
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
        s3.upload_file({str(local)!r}, "analytics-lake", "customers.parquet")
    """)
    yield
    psql("DROP TABLE IF EXISTS public.orders")


def test_fifteen_lines_end_to_end(ff, world):
    scope = {}
    exec(compile(FIFTEEN_LINES, "seed-end-to-end", "exec"), scope)
    summary = ff.read_catalog_table("analytics.sales.regional_summary").collect()
    # 2026 orders: north = 100 + 70 (2 orders), south = 50 (1), customer 99 has no region.
    rows = {r[0]: (float(r[1]), r[2]) for r in summary.rows()}
    assert rows == {"north": (170.0, 2), "south": (50.0, 1), None: (5.0, 1)}
    assert [r[0] for r in summary.rows()] == ["north", "south", None]
    types = [n.node_type for n in scope["enriched"].flow_graph.nodes]
    assert "database_reader" in types and "cloud_storage_reader" in types and "join" in types
    history = ff.catalog.history("analytics.sales.regional_summary")
    assert history[0]["version"] == 0


def test_seed_catalog_snippets(ff, world):
    transformed = ff.read_database("prod_db", table_name="orders", schema_name="public").filter(
        ff.col("amount") > 20, description="Meaningful orders")
    transformed.write_catalog_table(
        table_name="analytics.sales.processed_orders",
        write_mode="overwrite",
        merge_keys=["order_id"],
    )
    df = ff.read_catalog_table("analytics.sales.processed_orders").collect()
    assert sorted(r[0] for r in df.rows()) == [1, 2, 3, 4]
    ff.from_dict({"order_id": [4, 6], "customer_id": [12, 10], "amount": [71.0, 9.0],
                  "order_date": ["2026-03-03", "2026-05-05"]}).with_columns(
        ff.col("order_id", "customer_id").cast(ff.Int32), ff.col("amount").cast(ff.Decimal(10, 2)),
        ff.col("order_date").str.to_date()).write_catalog_table(
        "analytics.sales.processed_orders", write_mode="upsert", merge_keys=["order_id"])
    latest = ff.read_catalog_table("analytics.sales.processed_orders").sort("order_id").collect()
    assert [r[0] for r in latest.rows()] == [1, 2, 3, 4, 6]
    first = ff.read_catalog_table("analytics.sales.processed_orders", delta_version=0).collect()
    assert first.height == 4
    # Schema enforcement: an upsert whose key type differs names the column and both types.
    with pytest.raises(ff.InvalidArgumentError) as wrong:
        ff.from_dict({"order_id": [7], "customer_id": [1], "amount": [1.0], "order_date": [None]}).write_catalog_table(
            "analytics.sales.processed_orders", write_mode="upsert", merge_keys=["order_id"])
    assert "order_id" in str(wrong.value) and "BIGINT" in str(wrong.value) and "INTEGER" in str(wrong.value)
