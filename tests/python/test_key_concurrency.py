"""The master key under concurrency, crashes and mistakes (docs/security.md, "Keys and
rotation"): rotating while other processes read and write loses nothing, a missing or
different key is never replaced silently, one bad value does not block the store, and a
read-only or full home degrades with clear messages."""

import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import PYTHON, cli_path, run_python

STRESS = pathlib.Path(__file__).resolve().parents[1] / "stress" / "key_rotation_stress.py"


def env_for(home, **extra):
    env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_KEYRING="0", **extra)
    if "FLOWFILE_MASTER_KEY" not in extra:
        env.pop("FLOWFILE_MASTER_KEY", None)
    env.pop("FLOWFILE_MASTER_KEY_PREVIOUS", None)
    return env


def ff_cli(env, *args, stdin=None):
    return subprocess.run([cli_path(), *args], env=env, capture_output=True, text=True,
                          input=stdin, timeout=300)


def seed(env, count, prefix="s"):
    code = ("import flowfile as ff\n"
            f"for i in range({count}): ff.secrets.set(f'{prefix}{{i}}', f'value-{{i}}')\n")
    r = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr


READ_ALL = r"""
import json, flowfile as ff
print(json.dumps({s.name: ff.secrets.get(s.name).get_secret_value() for s in ff.secrets.list()}))
"""


def read_all(env):
    r = subprocess.run([PYTHON, "-c", READ_ALL], env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def status(env):
    r = ff_cli(env, "--json", "key", "status")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# --- the two reproductions of the issue, and four writers during a rotation

def test_readers_during_rotations_remove_no_key(tmp_path):
    env = env_for(tmp_path / "h")
    seed(env, 2000)
    lister = subprocess.Popen(
        ["bash", "-c", f"for i in $(seq 150); do '{cli_path()}' secrets list >/dev/null || "
                       f"'{cli_path()}' key info >/dev/null; done"], env=env)
    time.sleep(0.2)
    for _ in range(3):
        r = ff_cli(env, "key", "rotate")
        assert r.returncode == 0, r.stderr
    lister.wait(timeout=300)
    values = read_all(env)
    assert len(values) == 2000 and all(v == f"value-{k[1:]}" for k, v in values.items())
    assert not (tmp_path / "h" / ".secret_key.next").exists()
    assert ff_cli(env, "key", "rotate").returncode == 0  # later rotations still work
    st = status(env)
    assert [k["values"] for k in st["keys_in_use"]] == [2000] and st["rotation"] is None


def test_a_process_opened_before_a_rotation_writes_under_the_new_key(tmp_path):
    env = env_for(tmp_path / "h")
    code = f"""
import subprocess, flowfile as ff
ff.secrets.set("a", "value-a")
r = subprocess.run([{cli_path()!r}, "key", "rotate"], capture_output=True, text=True)
assert r.returncode == 0, r.stderr
ff.secrets.set("b", "value-b")
print(ff.secrets.get("a").get_secret_value())
"""
    r = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "value-a"
    assert read_all(env) == {"a": "value-a", "b": "value-b"}  # a fresh process, final key


def test_four_writers_during_rotations_lose_nothing(tmp_path):
    env = env_for(tmp_path / "h")
    seed(env, 200, prefix="seed")
    writers = [subprocess.Popen(
        [PYTHON, "-c", "import flowfile as ff\n"
                       f"for i in range(300): ff.secrets.set(f'w{w}-{{i}}', f'v{w}-{{i}}')\n"],
        env=env) for w in range(4)]
    rotations = 0
    while any(w.poll() is None for w in writers):
        r = ff_cli(env, "key", "rotate")
        assert r.returncode == 0, r.stderr
        rotations += 1
    assert all(w.returncode == 0 for w in writers)
    values = read_all(env)
    for w in range(4):
        for i in range(300):
            assert values[f"w{w}-{i}"] == f"v{w}-{i}"
    assert rotations >= 1
    assert len(status(env)["keys_in_use"]) == 1


# --- the stress test: N=4 workers, K=5 rotations, SIGKILL in some rounds

@pytest.mark.parametrize("source", ["file", "env"])
def test_stress_rotation_with_kills(source, tmp_path):
    seconds = os.environ.get("FLOWFILE_STRESS_SECONDS", "15")  # longer: set the variable
    r = subprocess.run([PYTHON, str(STRESS), "--source", source, "--workers", "4",
                        "--rotations", "5", "--seconds", seconds],
                       env=dict(os.environ, FLOWFILE_CLI=cli_path(), TMPDIR=str(tmp_path)),
                       capture_output=True, text=True, timeout=600)
    print(r.stdout, r.stderr, file=sys.stderr)
    assert r.returncode == 0, r.stdout + r.stderr
    counts = json.loads(r.stdout.strip().splitlines()[-1])
    assert counts["lost"] == 0 and counts["resurrected"] == 0 and counts["mismatches"] == 0
    assert counts["rotations"] + counts["kills"] >= 5
    assert counts["secrets_verified"] > 0


# --- recovery of a killed rotation, as `key status` shows it

def test_status_shows_an_interrupted_rotation_until_a_process_finishes_it(tmp_path):
    env = env_for(tmp_path / "h")
    seed(env, 10)
    # Killed after publishing the new key but before the old one is retired: look at the
    # store without opening it through Flowfile (which would finish the rotation).
    r = ff_cli(dict(env, FLOWFILE_FAULT="rotate:switched"), "key", "rotate")
    assert r.returncode == -9
    with sqlite3.connect(tmp_path / "h" / "flowfile.db") as db:
        row = db.execute("SELECT rotation_phase, rotation_to, current_fingerprint "
                         "FROM key_state").fetchone()
    assert row[0] == "resealing" and row[1] == row[2]
    st = status(env)  # opening the store finished it
    assert st["rotation"] is None and st["current_fingerprint"] == row[1]
    assert st["keys_in_use"] == [{"fingerprint": row[1], "values": 10, "available": True,
                                  "current": True}]
    assert not (tmp_path / "h" / ".secret_key.next").exists()


# --- a missing key, another key

def test_a_missing_key_file_is_never_replaced(tmp_path):
    home = tmp_path / "h"
    env = env_for(home)
    seed(env, 3)
    needed = status(env)["current_fingerprint"]
    (home / ".secret_key").unlink()
    r = ff_cli(env, "secrets", "get", "s1", "--reveal")
    assert r.returncode != 0 and needed in r.stderr and ".secret_key" in r.stderr, r.stderr
    assert "FLOWFILE_MASTER_KEY" in r.stderr
    r = ff_cli(env, "secrets", "set", "new", stdin="x")
    assert r.returncode != 0 and needed in r.stderr, r.stderr
    assert not (home / ".secret_key").exists()
    st = status(env)
    assert st["keys_in_use"] == [{"fingerprint": needed, "values": 3, "available": False,
                                  "current": True}]
    r = ff_cli(env, "key", "rotate")
    assert r.returncode != 0 and "secret 's0'" in r.stderr, r.stderr
    r = ff_cli(env, "key", "init")
    assert r.returncode != 0 and "--force" in r.stderr, r.stderr
    r = ff_cli(env, "--json", "key", "init", "--force")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["unreadable"] == 3 and "secret 's2'" in out["unreadable_values"]
    assert ff_cli(env, "secrets", "set", "new", stdin="x").returncode == 0


def test_another_environment_key_cannot_read_or_write(tmp_path):
    from cryptography.fernet import Fernet
    home = tmp_path / "h"
    seed(env_for(home), 2)
    needed = status(env_for(home))["current_fingerprint"]
    (home / ".secret_key").rename(tmp_path / "kept")
    env = env_for(home, FLOWFILE_MASTER_KEY=Fernet.generate_key().decode())
    for args, stdin in ((("secrets", "get", "s0", "--reveal"), None),
                        (("secrets", "set", "x"), "v")):
        r = ff_cli(env, *args, stdin=stdin)
        assert r.returncode != 0 and needed in r.stderr, r.stderr
    # With the right key back, everything reads.
    (tmp_path / "kept").rename(home / ".secret_key")
    assert read_all(env_for(home)) == {"s0": "value-0", "s1": "value-1"}


# --- one bad value

def damage(home, name):
    with sqlite3.connect(home / "flowfile.db") as db:
        db.execute("UPDATE secrets SET encrypted_value = substr(encrypted_value, 1, 40) || "
                   "'AAAA' || substr(encrypted_value, 45) WHERE name = ?", (name,))


def test_one_damaged_value_stops_rotation_and_export_unless_skipped(tmp_path):
    home = tmp_path / "h"
    env = env_for(home)
    seed(env, 5)
    damage(home, "s3")
    before = status(env)["current_fingerprint"]
    r = ff_cli(env, "key", "rotate")
    assert r.returncode != 0 and "secret 's3'" in r.stderr and "Nothing was changed" in r.stderr
    assert status(env)["current_fingerprint"] == before
    r = ff_cli(env, "connections", "export", "--encrypt", "--passphrase-stdin", "-o",
               str(tmp_path / "x.json"), stdin="pass phrase\n")
    assert r.returncode != 0 and "secret 's3'" in r.stderr, r.stderr
    assert not (tmp_path / "x.json").exists()
    r = ff_cli(env, "connections", "export", "--encrypt", "--passphrase-stdin",
               "--skip-unreadable", "-o", str(tmp_path / "x.json"), stdin="pass phrase\n")
    assert r.returncode == 0 and "secret 's3'" in r.stderr, r.stderr
    r = ff_cli(env, "--json", "key", "rotate", "--skip-unreadable")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["reencrypted"] == 4 and out["skipped"] == ["secret 's3'"]
    values = {k: v for k, v in read_all_tolerant(env).items()}
    assert values == {f"s{i}": f"value-{i}" for i in (0, 1, 2, 4)}


def read_all_tolerant(env):
    code = r"""
import json, flowfile as ff
out = {}
for s in ff.secrets.list():
    try:
        out[s.name] = ff.secrets.get(s.name).get_secret_value()
    except Exception:
        pass
print(json.dumps(out))
"""
    r = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# --- degraded homes

def privileged():
    """The prefix that runs mount: none as root, `sudo -n` where it needs no password."""
    if os.geteuid() == 0:
        return []
    probe = subprocess.run(["sudo", "-n", "true"], capture_output=True)
    return ["sudo", "-n"] if probe.returncode == 0 else None


@pytest.fixture
def tmpfs(tmp_path):
    prefix = privileged()
    if prefix is None:
        pytest.skip("needs root or password-less sudo to mount a tmpfs "
                    "(under CI=true this skip fails the run)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    options = f"size=4m,mode=0700,uid={os.getuid()},gid={os.getgid()}"
    subprocess.run(prefix + ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mnt)], check=True)
    yield mnt
    subprocess.run(prefix + ["umount", "-l", str(mnt)], check=False)


def remount_read_only(mnt):
    prefix = privileged()
    subprocess.run(prefix + ["mount", "-o", "remount,ro", str(mnt)], check=True)


def test_read_only_home_serves_reads_and_reports_the_audit_entry(tmpfs):
    home = tmpfs / "h"
    env = env_for(home)
    seed(env, 3)
    remount_read_only(tmpfs)
    r = ff_cli(env, "secrets", "get", "s1", "--reveal")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "value-1"
    assert "audit event not recorded" in r.stderr and "read" in r.stderr, r.stderr
    r = ff_cli(env, "secrets", "list")
    assert r.returncode == 0 and "s2" in r.stdout, r.stderr
    r = ff_cli(env, "secrets", "set", "x", stdin="v")
    assert r.returncode != 0 and "read-only" in r.stderr and str(home) in r.stderr, r.stderr


def test_full_disk_fails_writes_clearly_and_reads_still_work(tmpfs):
    home = tmpfs / "h"
    env = env_for(home)
    seed(env, 3)
    filler = tmpfs / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
    r = ff_cli(env, "secrets", "set", "big", stdin="x" * 200_000)
    assert r.returncode != 0, r.stdout
    assert "disk full" in r.stderr and str(home) in r.stderr, r.stderr
    r = ff_cli(env, "secrets", "get", "s2", "--reveal")
    assert r.returncode == 0 and r.stdout.strip() == "value-2", r.stderr
    filler.unlink()
    assert ff_cli(env, "secrets", "set", "big", stdin="x" * 200_000).returncode == 0


def test_a_home_others_can_enter_is_tightened(tmp_path):
    home = tmp_path / "h"
    env = env_for(home)
    seed(env, 1)
    home.chmod(0o777)
    r = ff_cli(env, "secrets", "list")
    assert r.returncode == 0, r.stderr
    assert "0777" in r.stderr and "0700" in r.stderr, r.stderr
    assert (home.stat().st_mode & 0o777) == 0o700


def test_a_store_that_cannot_be_opened_names_the_path_and_the_reason(tmp_path):
    home = tmp_path / "h"
    home.mkdir(mode=0o700)
    (home / "flowfile.db").mkdir()
    r = ff_cli(env_for(home), "secrets", "list")
    assert r.returncode != 0
    assert str(home / "flowfile.db") in r.stderr and "directory" in r.stderr.lower(), r.stderr
