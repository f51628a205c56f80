"""Concurrent writers to one catalog table succeed without retrying themselves: every
write lands once, none is lost or duplicated (8 processes x 5 writes)."""

import os
import subprocess

from conftest import PYTHON

SETUP = r"""
import flowfile as ff, sys
ff.catalog.create_catalog("lake", storage_root=sys.argv[1])
ff.catalog.create_schema("lake.s")
"""

UPSERTS = r"""
import flowfile as ff, sys
w = int(sys.argv[1])
for i in range(5):
    key = w * 100 + i
    ff.from_dict({"id": [key], "v": [f"w{w}-{i}"]}).write_catalog_table(
        "lake.s.t", write_mode="upsert", merge_keys=["id"])
"""

APPENDS = r"""
import flowfile as ff, sys
w = int(sys.argv[1])
for i in range(5):
    ff.from_dict({"id": [w * 100 + i]}).write_catalog_table("lake.s.fresh", write_mode="append")
"""


def run_all(code, env, count=8):
    procs = [subprocess.Popen([PYTHON, "-c", code, str(w)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for w in range(count)]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, results):
        assert p.returncode == 0, err


def test_eight_processes_upsert_disjoint_keys_without_conflicts(ff, home, tmp_path):
    env = dict(os.environ)
    r = subprocess.run([PYTHON, "-c", SETUP, str(tmp_path / "lake")], env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    ff.from_dict({"id": [-1], "v": ["seed"]}).write_catalog_table("lake.s.t")
    run_all(UPSERTS, env)
    rows = ff.read_catalog_table("lake.s.t").collect().rows()
    ids = sorted(r[0] for r in rows)
    assert ids == sorted([-1] + [w * 100 + i for w in range(8) for i in range(5)])
    assert ff.catalog.get_table("lake.s.t")["version"] == 40


def test_eight_processes_append_to_a_table_that_does_not_exist_yet(ff, home, tmp_path):
    env = dict(os.environ)
    r = subprocess.run([PYTHON, "-c", SETUP, str(tmp_path / "lake")], env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    run_all(APPENDS, env)
    ids = sorted(r[0] for r in ff.read_catalog_table("lake.s.fresh").collect().rows())
    assert ids == sorted(w * 100 + i for w in range(8) for i in range(5))
    assert ff.catalog.get_table("lake.s.fresh")["version"] == 39
