"""Delta deletion vectors and damaged logs through the Python API.

Both shared DV tables (testdata/delta/MANIFEST.md, last section) at every version, with a filter
pushed down and without; a DV table written to by our own writer; an empty commit, an
unreadable checkpoint, a version beyond int64 and data paths outside the table."""

import os
import pathlib
import shutil

import pytest

SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "delta"
DV_MAPPED = SHARED / "dv-with-columnmapping" / "delta"
DV_KEYS = SHARED / "log-replay-dv-key-cases" / "delta"
# log-replay-dv-key-cases: one file of ids 0..49; v1, v2, v3 delete 0, 7, 14.
KEY_CASES_DELETED = [set(), {0}, {0, 7}, {0, 7, 14}]


def writable_copy(source, target):
    shutil.copytree(source, target)
    for dirpath, dirnames, filenames in os.walk(target):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            os.chmod(path, os.stat(path).st_mode | 0o200)
    return target


@pytest.mark.parametrize("version", range(16))
def test_partitioned_column_mapped_table_every_version(ff, version):
    # v_N has deleted col1 = 0, 2, ..., 2(N-1): 50 - N rows.
    expected = [x for x in range(50) if x not in {2 * i for i in range(version)}]
    frame = ff.scan_delta(str(DV_MAPPED), version=version)
    df = frame.collect()
    assert df.height == 50 - version
    assert sorted(df["col1"].to_list()) == expected
    assert all(part == col1 % 10 and col2 == f"foo{col1 % 5}" for part, col1, col2 in
               frame.select("part", "col1", "col2").collect().rows())
    on_partition = frame.filter(ff.col("part") == 4).collect()
    assert sorted(on_partition["col1"].to_list()) == [x for x in expected if x % 10 == 4]
    on_data = frame.filter(ff.col("col1") >= 10).collect()
    assert sorted(on_data["col1"].to_list()) == [x for x in expected if x >= 10]


def test_partitioned_column_mapped_table_latest_is_v15(ff):
    assert ff.scan_delta(str(DV_MAPPED)).collect().height == 35


@pytest.mark.parametrize("version", range(4))
def test_replaced_vector_every_version(ff, version):
    frame = ff.scan_delta(str(DV_KEYS), version=version)
    expected = [x for x in range(50) if x not in KEY_CASES_DELETED[version]]
    assert sorted(frame.collect()["id"].to_list()) == expected
    assert sorted(frame.filter(ff.col("id") < 10).collect()["id"].to_list()) == [
        x for x in expected if x < 10]


def test_our_writes_on_a_table_with_vectors_keep_deleted_rows_deleted(ff, tmp_path):
    table = writable_copy(DV_KEYS, tmp_path / "t")
    ff.from_dict({"id": [100, 101]}).write_delta(str(table), write_mode="append")
    rows = sorted(ff.scan_delta(str(table)).collect()["id"].to_list())
    assert rows == [x for x in range(50) if x not in {0, 7, 14}] + [100, 101]
    ff.from_dict({"id": [1]}).write_delta(str(table), write_mode="overwrite")
    assert ff.scan_delta(str(table)).collect()["id"].to_list() == [1]
    # Time travel to before our writes still applies the vector of v3.
    assert ff.scan_delta(str(table), version=3).collect().height == 47


def test_empty_commit_file_is_an_error_naming_it(ff, tmp_path):
    table = writable_copy(DV_KEYS, tmp_path / "t")
    (table / "_delta_log" / "00000000000000000004.json").write_bytes(b"")
    with pytest.raises(Exception, match=r"00000000000000000004\.json is empty \(0 bytes\)"):
        ff.scan_delta(str(table)).collect()
    assert ff.scan_delta(str(table), version=3).collect().height == 47


def test_version_beyond_int64_is_an_error_naming_the_file(ff, tmp_path):
    table = writable_copy(DV_KEYS, tmp_path / "t")
    (table / "_delta_log" / "99999999999999999999.json").write_text("{}\n")
    with pytest.raises(Exception, match=r"99999999999999999999\.json' has a version beyond"):
        ff.scan_delta(str(table)).collect()


def test_unreadable_checkpoint_falls_back_to_commits_with_a_warning(ff, tmp_path, capfd):
    table = writable_copy(DV_MAPPED, tmp_path / "t")
    (table / "_delta_log" / "00000000000000000010.checkpoint.parquet").write_bytes(b"PAR1 garbage")
    capfd.readouterr()
    frame = ff.scan_delta(str(table))
    assert frame.collect().height == 35
    assert "00000000000000000010.checkpoint.parquet' is unreadable" in capfd.readouterr().err


def test_data_file_outside_the_table_is_refused(ff, tmp_path):
    table = writable_copy(DV_KEYS, tmp_path / "t")
    other = writable_copy(DV_KEYS, tmp_path / "other")
    data = next(other.glob("*.parquet")).name
    for path in (f"../other/{data}", f"file://{other}/{data}"):
        commit = ('{"add":{"path":"%s","partitionValues":{},"size":1,"modificationTime":1,'
                  '"dataChange":true}}\n' % path)
        (table / "_delta_log" / "00000000000000000004.json").write_text(commit)
        with pytest.raises(Exception, match="outside the table root"):
            ff.scan_delta(str(table)).collect()
