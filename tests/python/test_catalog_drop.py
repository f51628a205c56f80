"""Dropping one catalog table, from Python and from the CLI."""

import json
import os
import subprocess

import pytest

from conftest import cli_path


def cli(home, *args):
    return subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, FLOWFILE_HOME=str(home)))


def test_drop_table_forgets_it_and_deletes_its_folder(ff, tmp_path):
    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1, 2]}).write_catalog_table("lake.s.t")
    ff.from_dict({"id": [3]}).write_catalog_table("lake.s.keep")
    folder = ff.catalog.get_table("lake.s.t")["location"]
    assert os.path.isdir(folder)
    ff.catalog.drop_table("lake.s.t")
    assert not os.path.exists(folder)
    assert [t["name"] for t in ff.catalog.list_tables("lake.s")] == ["keep"]
    with pytest.raises(ff.NotFoundError, match=r"closest first\): lake\.s\.keep"):
        ff.catalog.drop_table("lake.s.kep")


def test_cli_catalog_drop(ff, home, tmp_path):
    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1]}).write_catalog_table("lake.s.t")
    proc = cli(home, "catalog", "drop", "lake.s.t", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"full_name": "lake.s.t", "dropped": True}
    again = cli(home, "catalog", "drop", "lake.s.t")
    assert again.returncode == 3 and "lake.s.t" in again.stderr
