"""The main job (scripts/run) works in its demo home and shows what the README promises:
the connection and secret by name, the seed pipeline and its graph, the catalog table."""

import os
import shutil
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_main_job_runs_in_a_demo_home_and_shows_the_catalog(tmp_path):
    cli = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
    assert cli, "FLOWFILE_CLI must name the flowfile program (or flowfile be on PATH)"
    env = dict(os.environ, FLOWFILE_KEYRING="0", XDG_DATA_HOME=str(tmp_path / "data"),
               PATH=os.path.dirname(os.path.abspath(cli)) + os.pathsep + os.environ["PATH"])
    env.pop("FLOWFILE_HOME", None)
    for _ in range(2):  # a second run works on the same demo home
        run = subprocess.run([sys.executable, str(ROOT / "scripts" / "main_job.py"), "--no-ui"],
                             env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
    out = run.stdout
    demo = tmp_path / "data" / "flowfile-demo"
    assert f"Flowfile demo home: {demo}" in out
    for expected in ("demo_orders", "demo_api_token", "ok: demo_orders", '"Standard"',
                     "Drop low-value rows", "General.demo.seed_summary", "CREATE TABLE",
                     "Master key: source file", "flowfile ui"):
        assert expected in out, expected
    assert (demo / "flowfile.db").exists()
