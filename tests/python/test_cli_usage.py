"""Usage errors name the bad word and suggest the closest one; help is always at hand."""

import json
import subprocess

from conftest import cli_path


def run(*args, env=None):
    return subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=60)


def test_unknown_commands_and_options_suggest_the_closest(home):
    r = run("conections", "list")
    assert r.returncode == 2
    assert r.stderr.startswith("error: unknown command 'conections' — did you mean 'connections'?")
    r = run("connections", "lst")
    assert r.returncode == 2 and "did you mean 'list'?" in r.stderr
    r = run("secrets", "list", "--jsno")
    assert r.returncode == 2 and "unknown option '--jsno'" in r.stderr
    assert "did you mean '--json'?" in r.stderr, r.stderr
    r = run("audit", "--limt", "5")
    assert r.returncode == 2 and "did you mean '--limit'?" in r.stderr, r.stderr


def test_usage_errors_are_json_under_json(home):
    r = run("--json", "secrets", "lsit")
    assert r.returncode == 2
    error = json.loads(r.stdout)["error"]
    assert error["code"] == "usage" and "did you mean 'list'?" in error["message"]


def test_run_time_errors_are_json_under_json_with_their_exit_status(home, tmp_path):
    r = run("--json", "catalog", "show", "nosuch")
    assert r.returncode == 3  # an unknown name
    error = json.loads(r.stdout)["error"]
    assert error["code"] == "not found" and "'General.default.nosuch'" in error["message"]
    bad = tmp_path / "bad.csv"
    bad.write_text("a\n1\n")
    run("catalog", "write", "t", str(bad))
    r = run("--json", "catalog", "write", "t", str(bad), "--mode", "upsert", "--merge-keys", "zz")
    assert r.returncode == 1, r  # a failure: no such key column
    error = json.loads(r.stdout)["error"]
    assert error["code"] and error["message"]


def test_bare_flowfile_and_help_show_help(home):
    r = run()
    assert r.returncode == 0 and "Usage: flowfile" in r.stdout
    r = run("help", "key")
    assert r.returncode == 0 and "rotate" in r.stdout and "flowfile key" in r.stdout
    r = run("help", "kye")
    assert r.returncode == 2 and "did you mean 'key'?" in r.stderr


def test_a_secret_is_never_prompted_for_without_a_terminal(home):
    r = subprocess.run([cli_path(), "secrets", "set", "api"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.startswith("error: "), r.stderr
    assert run("secrets", "list", "--json").stdout.strip() in ("[]", "")
