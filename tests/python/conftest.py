"""Shared fixtures: every test gets its own Flowfile home (store + key file), and the
key comes from the file source unless a test says otherwise."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

PYTHON = "/usr/bin/python3"


def cli_path() -> str:
    return os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile") or "flowfile"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh FLOWFILE_HOME for this test (the directory does not exist yet)."""
    path = tmp_path / "ffhome"
    monkeypatch.setenv("FLOWFILE_HOME", str(path))
    monkeypatch.setenv("FLOWFILE_KEYRING", "0")
    monkeypatch.delenv("FLOWFILE_MASTER_KEY", raising=False)
    monkeypatch.delenv("FLOWFILE_MASTER_KEY_PREVIOUS", raising=False)
    return path


@pytest.fixture
def ff(home):
    import flowfile

    return flowfile


def run_python(code: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `code` in a fresh Debian python3 process with `env` added."""
    full_env = dict(os.environ, **env)
    return subprocess.run([PYTHON, "-c", code], env=full_env, capture_output=True, text=True,
                          timeout=timeout)


def all_files(root: pathlib.Path):
    for dirpath, _, files in os.walk(root):
        for f in files:
            yield pathlib.Path(dirpath) / f
