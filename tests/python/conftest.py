"""Shared fixtures: every test gets its own Flowfile home (store + key file), and the
key comes from the file source unless a test says otherwise.

Tests that need a service (PostgreSQL, MariaDB, S3, Azurite, the CLI) skip when its
FLOWFILE_TEST_* variables are unset; under CI=true such a skip is a failure, so CI cannot
pass with them not run. The summary counts the skipped tests per file."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

PYTHON = "/usr/bin/python3"
IN_CI = os.environ.get("CI", "") in ("true", "1")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"under CI={os.environ['CI']} a skipped test fails — {reason}"


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    per_file: dict[str, int] = {}
    for report in skipped:
        path = report.nodeid.split("::")[0]
        per_file[path] = per_file.get(path, 0) + 1
    terminalreporter.write_line(f"skipped tests: {len(skipped)}")
    for path, count in sorted(per_file.items()):
        terminalreporter.write_line(f"  {path}: {count}")


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


@pytest.fixture(autouse=True)
def _stop_editor_servers(request):
    """ff.open_graph_in_editor starts a background `flowfile ui` for the test's home; it is
    stopped when the test ends (the server file names it)."""
    home_dir = None
    if "home" in request.fixturenames:
        request.getfixturevalue("home")  # sets FLOWFILE_HOME (some test files override `home`)
        if os.environ.get("FLOWFILE_HOME"):
            home_dir = pathlib.Path(os.environ["FLOWFILE_HOME"])
    yield
    if home_dir is None:
        return
    import json
    import signal
    import time

    info_file = home_dir / "ui" / "server.json"
    try:
        pid = int(json.loads(info_file.read_text())["pid"])
    except (OSError, ValueError, KeyError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        if not info_file.exists():
            return
        time.sleep(0.05)
