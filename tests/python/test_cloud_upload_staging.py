"""A cloud upload stages its file in a private folder under <home>/cache/uploads and leaves
nothing behind, whether the upload succeeds or fails (against moto; started by run.sh)."""

import glob
import os
import stat

import pytest

from test_cloud_frames import S3, boto, lake_connection

pytestmark = pytest.mark.skipif(not S3["ENDPOINT"],
                                reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")


def leftovers(home):
    """Every non-directory entry under <home>/cache/uploads, and the uploads folder's mode."""
    uploads = home / "cache" / "uploads"
    if not uploads.exists():
        return [], None
    files = [p for p in uploads.rglob("*") if not p.is_dir()]
    return files, stat.S_IMODE(uploads.stat().st_mode)


def assert_empty(home):
    files, _ = leftovers(home)
    assert files == [], f"staging files left behind: {files}"


@pytest.fixture
def lake(ff):
    ff.create_cloud_storage_connection(lake_connection(ff))
    bucket = "bucket-" + os.urandom(4).hex()
    boto(f"s3.create_bucket(Bucket={bucket!r})")
    return bucket


def old_style_temp_files():
    return set(glob.glob("/tmp/ff-upload-*"))


def test_successful_upload_leaves_nothing(ff, home, lake):
    before = old_style_temp_files()
    frame = ff.from_dict({"id": list(range(1000)), "name": ["x"] * 1000})
    frame.write_parquet_to_cloud_storage(f"s3://{lake}/out.parquet",
                                         connection_name="data-lake")
    frame.write_csv_to_cloud_storage(f"s3://{lake}/out.csv", connection_name="data-lake")
    back = ff.scan_parquet_from_cloud_storage(f"s3://{lake}/out.parquet",
                                              connection_name="data-lake")
    assert back.collect().height == 1000
    assert (home / "cache" / "uploads").is_dir(), "the upload did not stage under the home"
    assert_empty(home)
    assert old_style_temp_files() == before


def test_failed_upload_leaves_nothing(ff, home, lake):
    before = old_style_temp_files()
    frame = ff.from_dict({"id": [1, 2, 3]})
    missing = "no-such-bucket-" + os.urandom(4).hex()
    with pytest.raises(Exception) as err:
        frame.write_parquet_to_cloud_storage(f"s3://{missing}/out.parquet",
                                             connection_name="data-lake")
    assert missing in str(err.value) or "NoSuchBucket" in str(err.value)
    assert (home / "cache" / "uploads").is_dir(), "the upload did not stage under the home"
    assert_empty(home)
    assert old_style_temp_files() == before


def test_upload_whose_query_fails_leaves_nothing(ff, home, lake):
    # The engine fails while writing the staging file (a cast that fails on a row at run time).
    frame = ff.from_dict({"a": ["1", "x"]}).with_columns(ff.col("a").cast(ff.Int64))
    with pytest.raises(ff.EngineError, match="'x'"):
        frame.write_parquet_to_cloud_storage(f"s3://{lake}/bad.parquet",
                                             connection_name="data-lake")
    assert_empty(home)
    assert boto(f"print(s3.list_objects_v2(Bucket={lake!r}).get('KeyCount'))") == "0"


def test_uploads_folder_is_private(ff, home, lake):
    ff.from_dict({"id": [1]}).write_parquet_to_cloud_storage(f"s3://{lake}/one.parquet",
                                                             connection_name="data-lake")
    # The home itself is owner-only; the staging folder must be too, whoever made the home.
    assert stat.S_IMODE(home.stat().st_mode) & 0o077 == 0
    files, mode = leftovers(home)
    assert files == [] and mode is not None
    assert mode & 0o077 == 0, f"{home / 'cache' / 'uploads'} has mode {oct(mode)}"


def test_cloud_write_run_time_error_is_in_our_words(ff, home, lake, tmp_path):
    frame = ff.from_dict({"a": ["1", "x"]}).with_columns(ff.col("a").cast(ff.Int64))
    explained = "column 'a' holds 'x', which cannot be cast to Int64"
    with pytest.raises(ff.EngineError, match=explained):
        frame.write_parquet(tmp_path / "local.parquet")
    with pytest.raises(ff.EngineError, match=explained):
        frame.write_parquet_to_cloud_storage(f"s3://{lake}/bad.parquet",
                                             connection_name="data-lake")
