"""Our Delta writer checked by a reader that is not ours.

tests/delta_reader/replay.mjs replays a table's _delta_log with DuckDB SQL only (read_json_objects
and read_parquet over the log and data files, through @duckdb/node-api) and shares no code with
Flowfile's reader. Tables written here by Flowfile (write_delta and catalog writes) are read by
it and by Flowfile at every version, and both must give the expected rows: checkpoints,
partitions (with awkward values), merges (upsert, update, delete) and schema evolution. The
same reader first reproduces tables written by Spark and delta-rs, so it is itself checked."""

import json
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
READER = ROOT / "tests" / "delta_reader" / "replay.mjs"
SHARED = ROOT.parent / "shared" / "testdata" / "delta"


@pytest.fixture(scope="module", autouse=True)
def node_api():
    # Installed by tests/python/run.sh (npm ci --prefix tests); never skipped.
    assert (ROOT / "tests" / "node_modules" / "@duckdb" / "node-api").is_dir(), (
        "the independent Delta reader needs @duckdb/node-api: run npm ci --prefix tests")


def independent(path, version=None):
    args = ["node", str(READER), str(path)] + ([] if version is None else [str(version)])
    run = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def text(value):
    """A Python value as DuckDB's VARCHAR cast renders it (what replay.mjs prints)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def ordered(rows):
    """Rows of text cells sorted, NULLs first within a column."""
    return sorted((tuple(row) for row in rows),
                  key=lambda row: tuple((cell is not None, cell or "") for cell in row))


def ours(ff, path, version=None):
    frame = ff.scan_delta(str(path), version=version).collect()
    return frame.columns, ordered(tuple(text(v) for v in row) for row in frame.rows())


def check(ff, path, expected, version=None):
    """Both readers give `expected` (a list of dicts, compared as text, in any order)."""
    other = independent(path, version)
    columns, rows = ours(ff, path, version)
    assert other["columns"] == columns
    want = ordered(tuple(text(row.get(c)) for c in columns) for row in expected)
    assert ordered(other["rows"]) == want
    assert rows == want
    return other


@pytest.mark.parametrize("table", ["simple_table_with_checkpoint", "basic_partitioned",
                                   "basic-with-inserts-deletes-checkpoint", "with_schema_change",
                                   "delta-0.8.0-partitioned", "delta-0.8.0",
                                   "time-travel-start-start20-start40"])
def test_the_reader_agrees_with_ours_on_tables_written_elsewhere(ff, table):
    path = SHARED / table / "delta" if (SHARED / table / "delta").is_dir() else SHARED / table
    other = independent(path)
    columns, rows = ours(ff, path)
    assert other["columns"] == columns
    assert ordered(other["rows"]) == rows
    assert len(rows) > 0


def test_the_reader_refuses_deletion_vectors_and_column_mapping():
    run = subprocess.run(["node", str(READER), str(SHARED / "dv-with-columnmapping" / "delta")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "column mapping" in run.stderr


def test_appends_through_a_checkpoint_at_every_version(ff, tmp_path):
    path = tmp_path / "t"
    expected = []
    for v in range(13):
        batch = [{"id": v * 10 + i, "name": f"row {v}-{i}", "x": v + i / 4} for i in range(3)]
        frame = ff.from_dict({k: [r[k] for r in batch] for k in batch[0]})
        frame.write_delta(str(path), write_mode="overwrite" if v == 0 else "append")
        expected += batch
    assert (path / "_delta_log" / "00000000000000000010.checkpoint.parquet").is_file()
    assert check(ff, path, expected)["checkpoint"] == 10
    for v in (0, 9, 10, 11):
        other = check(ff, path, expected[: 3 * (v + 1)], version=v)
        assert other["checkpoint"] == (10 if v >= 10 else None)


def test_partitions_with_awkward_values(ff, tmp_path):
    path = tmp_path / "p"
    regions = ["eu", "a b/c", "ümlaut=1", "50%", None, "it's"]
    rows = [{"id": i, "region": regions[i % len(regions)], "v": i * 1.5} for i in range(18)]
    ff.from_dict({k: [r[k] for r in rows] for k in rows[0]}).write_delta(
        str(path), partition_by=["region"])
    other = check(ff, path, rows)
    assert other["partition_columns"] == ["region"]
    more = [{"id": 100, "region": "a b/c", "v": 0.25}]
    ff.from_dict({k: [r[k] for r in more] for k in more[0]}).write_delta(
        str(path), write_mode="append", partition_by=["region"])
    check(ff, path, rows + more)
    check(ff, path, rows, version=0)


def test_merges_on_a_partitioned_catalog_table(ff, tmp_path):
    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    state = {i: {"id": i, "part": f"p{i % 3}", "v": f"v{i}"} for i in range(12)}

    def write(rows, mode, **kw):
        frame = ff.from_dict({k: [r[k] for r in rows] for k in rows[0]})
        frame.write_catalog_table("lake.s.t", write_mode=mode, **kw)

    write(list(state.values()), "overwrite", partition_by=["part"])
    path = ff.catalog.get_table("lake.s.t")["location"]
    check(ff, path, state.values())

    upsert = [{"id": 3, "part": "p0", "v": "new3"}, {"id": 40, "part": "p1", "v": "v40"}]
    write(upsert, "upsert", merge_keys=["id"])
    state.update({r["id"]: r for r in upsert})
    check(ff, path, state.values())

    write([{"id": 5, "part": "p2", "v": "upd5"}], "update", merge_keys="id")
    state[5] = {"id": 5, "part": "p2", "v": "upd5"}
    check(ff, path, state.values())

    write([{"id": 0, "part": "p0", "v": ""}, {"id": 7, "part": "p1", "v": ""}], "delete",
          merge_keys=["id"])
    del state[0], state[7]
    final = check(ff, path, state.values())
    # Every version so far, replayed independently, matches our time travel.
    for v in range(final["version"] + 1):
        assert ordered(independent(path, v)["rows"]) == ours(ff, path, v)[1]


def test_schema_evolution(ff, tmp_path):
    path = tmp_path / "e"
    ff.from_dict({"id": [1, 2], "a": ["x", "y"]}).write_delta(str(path))
    ff.from_dict({"id": [3], "a": ["z"], "b": [30]}).write_delta(
        str(path), write_mode="append", schema_mode="merge")
    rows = [{"id": 1, "a": "x"}, {"id": 2, "a": "y"}, {"id": 3, "a": "z", "b": 30}]
    other = check(ff, path, rows)
    assert other["columns"] == ["id", "a", "b"]
    check(ff, path, rows[:2], version=0)

    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1, 2], "v": ["a", "b"]}).write_catalog_table("lake.s.m")
    ff.from_dict({"id": [2, 3], "v": ["B", "c"], "w": [2.5, 3.5]}).write_catalog_table(
        "lake.s.m", write_mode="upsert", merge_keys=["id"], schema_mode="merge")
    path = ff.catalog.get_table("lake.s.m")["location"]
    check(ff, path, [{"id": 1, "v": "a"}, {"id": 2, "v": "B", "w": 2.5},
                     {"id": 3, "v": "c", "w": 3.5}])
