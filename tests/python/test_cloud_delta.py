"""Delta tables and appended part files on S3 (moto, signatures checked), by connection name.

Spark-written tables uploaded by boto3 are read by us; tables we write are checked by boto3
(objects, sizes and commit contents) and read back by a fresh machine (an empty cache)."""

import json
import os
import pathlib
import shutil

import pytest

from test_cloud_frames import S3, boto, lake_connection

pytestmark = pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")

SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "delta"


@pytest.fixture()
def lake(ff):
    ff.create_cloud_storage_connection(lake_connection(ff))
    bucket = "delta-" + os.urandom(4).hex()
    boto(f"s3.create_bucket(Bucket={bucket!r})")
    return bucket


def forget_cache():
    """A new machine: nothing downloaded before."""
    shutil.rmtree(pathlib.Path(os.environ["FLOWFILE_HOME"]) / "cache", ignore_errors=True)


def listing(bucket, prefix):
    return json.loads(boto(f"""
        import json
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket={bucket!r}, Prefix={prefix!r})
        print(json.dumps({{o["Key"]: o["Size"] for p in pages for o in p.get("Contents", [])}}))
    """))


def test_write_delta_versions_and_time_travel(ff, lake):
    url = f"s3://{lake}/tables/sales"
    ff.from_dict({"id": [1, 2], "amount": [10.0, 20.0]}).write_delta(url, connection_name="data-lake")
    ff.from_dict({"id": [3], "amount": [30.0]}).write_delta(url, connection_name="data-lake",
                                                            write_mode="append")
    forget_cache()
    latest = ff.scan_delta(url, connection_name="data-lake").collect()
    assert sorted(latest.rows()) == [(1, 10.0), (2, 20.0), (3, 30.0)]
    first = ff.scan_delta(url, connection_name="data-lake", version=0).collect()
    assert sorted(first.rows()) == [(1, 10.0), (2, 20.0)]
    same = ff.read_from_cloud_storage(url, file_format="delta", connection_name="data-lake",
                                      delta_version=1).collect()
    assert same.height == 3

    # The store holds exactly what the log names: every added file, with the logged size.
    objects = listing(lake, "tables/sales/")
    assert "tables/sales/_delta_log/00000000000000000000.json" in objects
    assert "tables/sales/_delta_log/00000000000000000001.json" in objects
    commit = boto(f"""
        print(s3.get_object(Bucket={lake!r}, Key="tables/sales/_delta_log/00000000000000000001.json")["Body"].read().decode())
    """)
    adds = [json.loads(line)["add"] for line in commit.splitlines() if '"add"' in line]
    assert len(adds) == 1
    assert objects["tables/sales/" + adds[0]["path"]] == adds[0]["size"]


def test_overwrite_partitioned_and_scopes(ff, lake):
    scoped = lake_connection(ff, scopes=[f"s3://{lake}/tables"])
    scoped.connection_name = "scoped"
    ff.create_cloud_storage_connection(scoped)
    url = f"s3://{lake}/tables/by_region"
    frame = ff.from_dict({"region": ["eu", "eu", "us"], "v": [1, 2, 3]})
    frame.write_delta(url, connection_name="data-lake", partition_by=["region"])
    ff.from_dict({"region": ["us"], "v": [9]}).write_delta(url, connection_name="data-lake",
                                                         write_mode="overwrite")
    keys = listing(lake, "tables/by_region/")
    assert any(k.startswith("tables/by_region/region=eu/") for k in keys)
    # No connection_name: the scope chooses 'scoped'.
    assert ff.which_connection(url) == "scoped"
    assert ff.scan_delta(url).collect().rows() == [("us", 9)]
    assert sorted(ff.scan_delta(url, version=0).collect().rows()) == [("eu", 1), ("eu", 2), ("us", 3)]


def test_spark_tables_uploaded_by_boto3_read_like_local(ff, lake):
    for name in ("basic_partitioned", "simple_table_with_checkpoint", "basic-with-inserts-deletes-checkpoint"):
        root = SHARED / name / "delta"
        files = [p for p in root.rglob("*") if p.is_file()]
        uploads = "\n".join(f"s3.upload_file({str(p)!r}, {lake!r}, {('spark/' + name + '/' + str(p.relative_to(root)))!r})"
                            for p in files)
        boto(uploads)
        remote = ff.scan_delta(f"s3://{lake}/spark/{name}", connection_name="data-lake").collect()
        local = ff.scan_delta(str(root)).collect()
        assert remote.columns == local.columns, name
        key = lambda row: tuple((v is None, str(v)) for v in row)  # noqa: E731
        assert sorted(remote.rows(), key=key) == sorted(local.rows(), key=key), name
        assert remote.height > 0


def test_deletion_vectors_on_s3_every_version(ff, lake):
    # Partitioned + column mapping + checkpoint at v10 (v_N: 50 - N rows), and one file whose
    # vector is replaced three times (v3: 47 rows); each version with and without a filter.
    for name, counts in (("dv-with-columnmapping", [50 - v for v in range(16)]),
                         ("log-replay-dv-key-cases", [50, 49, 48, 47])):
        root = SHARED / name / "delta"
        boto("\n".join(f"s3.upload_file({str(p)!r}, {lake!r}, {('dv/' + name + '/' + str(p.relative_to(root)))!r})"
                       for p in root.rglob("*") if p.is_file()))
        url = f"s3://{lake}/dv/{name}"
        column = "col1" if name.startswith("dv-") else "id"
        for version, count in enumerate(counts):
            remote = ff.scan_delta(url, connection_name="data-lake", version=version)
            local = ff.scan_delta(str(root), version=version)
            assert remote.collect().height == count, (name, version)
            assert sorted(remote.collect().rows()) == sorted(local.collect().rows()), (name, version)
            filtered = remote.filter(ff.col(column) >= 10).collect()
            assert filtered.height == local.filter(ff.col(column) >= 10).collect().height
        forget_cache()
        assert ff.scan_delta(url, connection_name="data-lake").collect().height == counts[-1]


def test_missing_table_and_bucket_are_clear(ff, lake):
    with pytest.raises(Exception) as missing:
        ff.scan_delta(f"s3://{lake}/tables/nope", connection_name="data-lake")
    message = str(missing.value)
    assert f"s3://{lake}/tables/nope" in message and "no Delta table" in message
    assert "cache" not in message  # the local mirror is ours, not the user's
    with pytest.raises(Exception) as no_bucket:
        ff.scan_delta("s3://no-such-bucket-ff/t", connection_name="data-lake")
    assert "no-such-bucket-ff" in str(no_bucket.value)
    assert S3["SECRET"] not in str(no_bucket.value)


def test_time_travel_past_the_log_names_the_url(ff, lake):
    url = f"s3://{lake}/tables/small"
    ff.from_dict({"x": [1]}).write_delta(url, connection_name="data-lake")
    with pytest.raises(Exception) as too_far:
        ff.scan_delta(url, connection_name="data-lake", version=5)
    assert url in str(too_far.value) and "cache" not in str(too_far.value)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_append_adds_a_part_file_for_every_format(ff, lake, fmt):
    folder = f"s3://{lake}/appended/{fmt}"
    write = {"parquet": "write_parquet_to_cloud_storage", "csv": "write_csv_to_cloud_storage",
             "json": "write_json_to_cloud_storage"}[fmt]
    getattr(ff.from_dict({"n": [1, 2]}), write)(folder, connection_name="data-lake", write_mode="append")
    getattr(ff.from_dict({"n": [3]}), write)(folder + "/", connection_name="data-lake", write_mode="append")
    parts = sorted(listing(lake, f"appended/{fmt}/"))
    assert len(parts) == 2 and all(p.split("/")[-1].startswith("part-") and p.endswith("." + fmt) for p in parts)
    read = ff.read_from_cloud_storage(folder, file_format=fmt, connection_name="data-lake", delimiter=";")
    assert sorted(r[0] for r in read.collect().rows()) == [1, 2, 3]
    with pytest.raises(Exception) as bad:
        getattr(ff.from_dict({"n": [4]}), write)(folder, connection_name="data-lake", write_mode="upsert")
    assert "write_mode" in str(bad.value)


def test_flow_file_keeps_the_cloud_delta_nodes_by_name(ff, lake, tmp_path):
    url = f"s3://{lake}/tables/flow"
    ff.from_dict({"x": [1, 2]}).write_delta(url, connection_name="data-lake")
    frame = ff.scan_delta(url, connection_name="data-lake", description="lake table").filter(ff.col("x") > 1)
    path = tmp_path / "flow.yaml"
    frame.save_graph(str(path))
    text = path.read_text()
    assert "data-lake" in text and S3["SECRET"] not in text and S3["KEY_ID"] not in text
    assert ff.open_flow(str(path)).collect().rows() == [(2,)]


def test_catalog_rooted_on_s3(ff, lake):
    ff.catalog.create_catalog("cloudlake", storage_root=f"s3://{lake}/catalog", connection_name="data-lake")
    ff.from_dict({"id": [1, 2, 3], "v": ["a", "b", "c"]}).write_catalog_table(
        "cloudlake.sales.orders", write_mode="overwrite")
    ff.from_dict({"id": [3, 4], "v": ["C", "d"]}).write_catalog_table(
        "cloudlake.sales.orders", write_mode="upsert", merge_keys=["id"])
    forget_cache()  # another machine with the same store: everything comes from S3
    latest = ff.read_catalog_table("cloudlake.sales.orders").collect()
    assert sorted(latest.rows()) == [(1, "a"), (2, "b"), (3, "C"), (4, "d")]
    first = ff.read_catalog_table("cloudlake.sales.orders", delta_version=0).collect()
    assert sorted(first.rows()) == [(1, "a"), (2, "b"), (3, "c")]
    info = ff.catalog.get_table("cloudlake.sales.orders")
    assert info["location"] == f"s3://{lake}/catalog/sales/orders"
    assert info["version"] == 1
    keys = listing(lake, "catalog/sales/orders/_delta_log/")
    assert sorted(k.split("/")[-1] for k in keys) == ["00000000000000000000.json", "00000000000000000001.json"]
    assert [h["version"] for h in ff.catalog.history("cloudlake.sales.orders")][:2] in ([1, 0], [0, 1])
    ff.catalog.restore("cloudlake.sales.orders", 0)
    assert ff.read_catalog_table("cloudlake.sales.orders").collect().height == 3
    with pytest.raises(Exception) as vacuum:
        ff.catalog.vacuum("cloudlake.sales.orders")
    assert "not supported" in str(vacuum.value) and f"s3://{lake}/catalog/sales/orders" in str(vacuum.value)
    # The store records the catalog's connection by name only.
    store = (pathlib.Path(os.environ["FLOWFILE_HOME"]) / "flowfile.db").read_bytes()
    assert S3["SECRET"].encode() not in store


def test_catalog_on_cloud_needs_a_known_connection(ff, lake):
    with pytest.raises(Exception) as unknown:
        ff.catalog.create_catalog("typo", storage_root=f"s3://{lake}/x", connection_name="data-laek")
    assert "data-lake" in str(unknown.value)  # the known names are listed


def test_concurrent_appends_from_many_processes_all_land(ff, lake):
    """Writers race for each version on S3; conditional puts make the losers rebase."""
    import subprocess
    import sys
    url = f"s3://{lake}/tables/racing"
    ff.from_dict({"writer": [-1]}).write_delta(url, connection_name="data-lake")
    code = (
        "import sys, flowfile as ff\n"
        "w = int(sys.argv[1])\n"
        "for i in range(3):\n"
        f"    ff.from_dict({{'writer': [w]}}).write_delta({url!r}, connection_name='data-lake', write_mode='append')\n"
    )
    procs = [subprocess.Popen(["/usr/bin/python3", "-c", code, str(w)], stderr=subprocess.PIPE, text=True)
             for w in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    rows = ff.scan_delta(url, connection_name="data-lake").collect().rows()
    assert sorted(r[0] for r in rows) == [-1] + sorted(list(range(4)) * 3)
    commits = [k for k in listing(lake, "tables/racing/_delta_log/") if k.endswith(".json")]
    assert len(commits) == 13  # versions 0..12: none overwritten, none lost
    assert any(k.endswith(".checkpoint.parquet") for k in listing(lake, "tables/racing/_delta_log/"))
