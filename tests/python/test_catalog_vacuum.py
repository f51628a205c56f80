"""Vacuum below the table's deletedFileRetentionDuration needs force, from Python and the CLI;
forced, it removes the old files, the latest version still reads, and older versions fail."""

import json
import os
import subprocess

import pytest

from conftest import cli_path


def cli(home, *args):
    return subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, FLOWFILE_HOME=str(home)))


@pytest.fixture
def table(ff, tmp_path):
    """lake.s.t with three versions, each an overwrite: versions 0 and 1 have one old file each."""
    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1, 2]}).write_catalog_table("lake.s.t")
    ff.from_dict({"id": [3]}).write_catalog_table("lake.s.t", write_mode="overwrite")
    ff.from_dict({"id": [4]}).write_catalog_table("lake.s.t", write_mode="overwrite")
    return ff.catalog.get_table("lake.s.t")["location"]


def parquet_files(folder):
    return sorted(n for n in os.listdir(folder) if n.endswith(".parquet"))


def test_short_retention_is_refused_without_force(ff, table):
    before = parquet_files(table)
    assert len(before) == 3
    with pytest.raises(ff.InvalidArgumentError) as err:
        ff.catalog.vacuum("lake.s.t", retention_hours=0, dry_run=False)
    message = str(err.value)
    assert "force=True" in message and "deletedFileRetentionDuration" in message
    assert "lake.s.t" in message
    assert parquet_files(table) == before
    # A dry run deletes nothing, so it needs no force and lists the two old files.
    listed = ff.catalog.vacuum("lake.s.t", retention_hours=0)
    assert listed["dry_run"] is True and len(listed["files"]) == 2
    assert parquet_files(table) == before
    # The default retention (one week) keeps everything without force.
    kept = ff.catalog.vacuum("lake.s.t", dry_run=False)
    assert kept["files"] == [] and parquet_files(table) == before


def test_forced_vacuum_removes_old_files_and_keeps_latest(ff, table):
    result = ff.catalog.vacuum("lake.s.t", retention_hours=0, dry_run=False, force=True)
    assert result["dry_run"] is False and len(result["files"]) == 2
    assert all(not os.path.exists(f) for f in result["files"])
    assert len(parquet_files(table)) == 1
    assert ff.read_catalog_table("lake.s.t").collect().rows() == [(4,)]
    for version in (0, 1):
        with pytest.raises(Exception):
            ff.read_catalog_table("lake.s.t", version=version).collect()
    assert ff.read_catalog_table("lake.s.t", version=2).collect().rows() == [(4,)]


def test_time_travel_to_vacuumed_version_says_why(ff, table):
    ff.catalog.vacuum("lake.s.t", retention_hours=0, dry_run=False, force=True)
    with pytest.raises(Exception) as err:
        ff.read_catalog_table("lake.s.t", version=0).collect()
    message = str(err.value)
    assert "version 0" in message and "vacuum" in message.lower()
    assert "IO Error" not in message


def test_cli_vacuum_needs_force(ff, home, table):
    before = parquet_files(table)
    refused = cli(home, "catalog", "vacuum", "lake.s.t", "--retention-hours", "0", "--apply")
    assert refused.returncode == 1, refused.stdout
    assert "--force" in refused.stderr and "deletedFileRetentionDuration" in refused.stderr
    assert parquet_files(table) == before
    done = cli(home, "catalog", "vacuum", "lake.s.t", "--retention-hours", "0", "--apply",
               "--force", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["dry_run"] is False and len(report["files"]) == 2
    assert len(parquet_files(table)) == 1
    assert ff.read_catalog_table("lake.s.t").collect().rows() == [(4,)]
    with pytest.raises(Exception):
        ff.read_catalog_table("lake.s.t", version=0).collect()
