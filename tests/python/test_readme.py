"""The README's local quick start runs as written: its Python block, then its shell block,
in a fresh home with an orders.csv beside them."""

import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def quick_start_blocks() -> tuple[str, str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    python = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shell = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return python, shell


def test_the_quick_start_runs_as_written(tmp_path):
    (tmp_path / "orders.csv").write_text(
        "order_id,region,amount,day\n1,north,120.5,2026-01-03\n2,south,80,2026-01-03\n"
        "3,north,42,2026-01-04\n4,east,300,2026-01-05\n")
    env = dict(os.environ, FLOWFILE_HOME=str(tmp_path / "home"), FLOWFILE_KEYRING="0")
    python, shell = quick_start_blocks()
    ran = subprocess.run([sys.executable, "-c", python], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "north" in ran.stdout and "300.0" in ran.stdout
    cli = os.environ.get("FLOWFILE_CLI", "flowfile")
    for line in shell.splitlines():
        command = line.split("#", 1)[0].split()
        if not command:
            continue
        assert command[0] == "flowfile"
        out = subprocess.run([cli, *command[1:]], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=60)
        assert out.returncode == 0, (line, out.stderr)
        assert any(word in out.stdout for word in ("by_region", "CREATE TABLE", "version 0")), (
            line, out.stdout)
