"""Shell completion, the man page and the CLI reference come from the command table."""

import pathlib
import shutil
import subprocess

import pytest

from conftest import cli_path

ROOT = pathlib.Path(__file__).resolve().parents[2]


def flowfile(*args):
    proc = subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def complete(script, *words):
    """What bash offers after `flowfile <words...>` (the last word being typed)."""
    line = " ".join(["flowfile", *words])
    program = (f"source /dev/stdin <<'EOF'\n{script}\nEOF\n"
               f"COMP_WORDS=({line}); COMP_CWORD={len(words)}; _flowfile; "
               'printf "%s\\n" "${COMPREPLY[@]}"')
    proc = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_bash_completion_walks_the_command_tree():
    script = flowfile("completion", "bash")
    assert complete(script, "conn") == ["connections"]
    assert "list" in complete(script, "connections", "") and "--json" in complete(script, "")
    assert complete(script, "catalog", "hist") == ["history"]
    assert "--markdown" in complete(script, "man", "--")


def test_zsh_and_fish_completion():
    assert "bashcompinit" in flowfile("completion", "zsh")
    fish = flowfile("completion", "fish")
    assert "complete -c flowfile -n '__fish_use_subcommand' -a connections" in fish
    assert "-n '__fish_seen_subcommand_from catalog' -a history" in fish
    if shutil.which("fish"):
        subprocess.run(["fish", "-n", "-c", fish], check=True, timeout=30)
    proc = subprocess.run([cli_path(), "completion", "tcsh"], capture_output=True, text=True)
    assert proc.returncode == 2 and "tcsh" in proc.stderr


def test_the_man_page_lists_every_command_and_option():
    page = flowfile("man")
    assert page.startswith(".TH FLOWFILE 1")
    for command in ("flowfile connections list", "flowfile catalog history", "flowfile run"):
        assert f".SS {command}" in page
    assert "\\-\\-json" in page
    if shutil.which("groff"):
        subprocess.run(["groff", "-man", "-Tutf8"], input=page, text=True, check=True,
                       capture_output=True, timeout=30)


def test_docs_cli_md_is_the_generated_reference():
    generated = flowfile("man", "--markdown")
    committed = (ROOT / "docs" / "cli-reference.md").read_text()
    assert committed == generated, "docs/cli-reference.md is stale: regenerate with `flowfile man --markdown`"
