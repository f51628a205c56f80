#!/usr/bin/env python3
"""Master-key rotation under concurrent use: nothing a process reported as written is lost.

N worker processes (Python, `import flowfile`) do random set / update / delete / get / list
on their own names while another process rotates the key K times with `flowfile key rotate`;
in some rounds that process is SIGKILLed at a random moment. Afterwards a fresh process,
holding only the final key, must read exactly what the workers reported: every value they
set (and did not delete), none they deleted. A get that returns another value than the
worker last wrote is a failure at once.

    key_rotation_stress.py --source file|env|keyring [--workers 4] [--rotations 5]
                           [--seconds 0] [--seed N] [--home DIR]

--seconds > 0 keeps rotating (and killing) until that much time has passed. The keyring
source needs a session bus with an unlocked Secret Service (tests/keyring/run_keyring_test.sh
provides one). Prints one JSON line of counts; exits 1 on any loss or mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PYTHON = "/usr/bin/python3"

WORKER = r"""
import json, os, random, sys, time
import flowfile as ff
wid, seed, stop_file, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(seed)
mine = {}          # name -> value this worker last wrote and was told succeeded
counter = 0
with open(log_path, "w", buffering=1) as log:
    while not os.path.exists(stop_file):
        op = rng.choice(["set", "set", "update", "delete", "get", "get", "list"])
        try:
            if op == "set" or (op in ("update", "delete", "get") and not mine):
                counter += 1
                name, value = f"w{wid}-{counter}", f"value-{wid}-{counter}-{rng.random()}"
                ff.secrets.set(name, value)
                mine[name] = value
                log.write(json.dumps({"op": "set", "name": name, "value": value}) + "\n")
            elif op == "update":
                name = rng.choice(sorted(mine))
                value = f"updated-{wid}-{rng.random()}"
                ff.secrets.set(name, value)
                mine[name] = value
                log.write(json.dumps({"op": "set", "name": name, "value": value}) + "\n")
            elif op == "delete":
                name = rng.choice(sorted(mine))
                ff.secrets.delete(name)
                del mine[name]
                log.write(json.dumps({"op": "delete", "name": name}) + "\n")
            elif op == "get":
                name = rng.choice(sorted(mine))
                got = ff.secrets.get(name).get_secret_value()
                kind = "get" if got == mine[name] else "mismatch"
                log.write(json.dumps({"op": kind, "name": name}) + "\n")
            else:
                ff.secrets.list()
                log.write(json.dumps({"op": "list"}) + "\n")
        except Exception as e:  # reported, never counted as written
            log.write(json.dumps({"op": "error", "kind": type(e).__name__, "message": str(e)}) + "\n")
            time.sleep(0.01)
"""

VERIFY = r"""
import json, sys
import flowfile as ff
expected = json.load(open(sys.argv[1]))
names = {s.name for s in ff.secrets.list()}
lost = [n for n, v in expected["present"].items()
        if n not in names or ff.secrets.get(n).get_secret_value() != v]
resurrected = [n for n in expected["deleted"] if n in names]
status = ff.key_status()
print(json.dumps({"lost": lost, "resurrected": resurrected, "status": status}))
"""


def cli() -> str:
    return os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile") or "flowfile"


def fernet_key() -> str:
    from cryptography.fernet import Fernet
    return Fernet.generate_key().decode()


def seed_store(env: dict, count: int) -> None:
    code = ("import flowfile as ff\n"
            f"for i in range({count}): ff.secrets.set(f'seed-{{i}}', f'seed-value-{{i}}')\n")
    subprocess.run([PYTHON, "-c", code], env=env, check=True, timeout=300)


def installed_key(env: dict, home: pathlib.Path, printed: str | None) -> str:
    """The key an operator installs after an env-source rotation: the one it printed, or,
    for a rotation killed before printing, the staged key file it left in the home."""
    if printed:
        return printed
    staged = home / ".secret_key.next"
    return staged.read_text().strip() if staged.exists() else env["FLOWFILE_MASTER_KEY"]


FAULT_POINTS = ["staged", "switched", "mid-transaction", "resealed", "promoted"]


def rotate_once(env: dict, home: pathlib.Path, source: str, rng: random.Random,
                counts: dict) -> dict:
    """One rotation: left alone, SIGKILLed from outside at a random moment, or killed by
    itself at a named step of the protocol (FLOWFILE_FAULT), a third of the rounds each."""
    how = rng.choice(["clean", "kill", "fault"])
    run_env = dict(env)
    if how == "fault":
        run_env["FLOWFILE_FAULT"] = "rotate:" + rng.choice(FAULT_POINTS)
    proc = subprocess.Popen([cli(), "--json", "key", "rotate"], env=run_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if how == "kill":
        time.sleep(rng.uniform(0.0, 0.12))
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    if proc.returncode == -signal.SIGKILL:
        counts["kills"] += 1
    elif proc.returncode == 0:
        counts["rotations"] += 1
    else:
        raise SystemExit(f"key rotate failed ({proc.returncode}): {err.strip()}")
    if source == "env":
        printed = json.loads(out).get("new_key") if proc.returncode == 0 else None
        # A killed rotation is finished by the next process that opens the store; as an
        # operator would, look at the status, then install the key the store now uses.
        subprocess.run([cli(), "key", "status"], env=env, capture_output=True, timeout=120)
        env = dict(env, FLOWFILE_MASTER_KEY=installed_key(env, home, printed))
    return env


def expected_state(logs: list[pathlib.Path], counts: dict) -> dict:
    present, deleted = {}, set()
    for path in logs:
        for line in path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a worker stopped mid-write
            counts["operations"] += 1
            op = entry["op"]
            if op == "set":
                present[entry["name"]] = entry["value"]
                deleted.discard(entry["name"])
            elif op == "delete":
                present.pop(entry["name"], None)
                deleted.add(entry["name"])
            elif op == "mismatch":
                counts["mismatches"] += 1
            elif op == "error":
                counts["errors"] += 1
                counts.setdefault("error_samples", [])
                if len(counts["error_samples"]) < 3:
                    counts["error_samples"].append(entry["message"][:300])
    return {"present": present, "deleted": sorted(deleted)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=["file", "env", "keyring"], default="file")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rotations", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--seed-secrets", type=int, default=300)
    parser.add_argument("--home")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    work = pathlib.Path(tempfile.mkdtemp(prefix="ff-key-stress-"))
    home = pathlib.Path(args.home) if args.home else work / "home"
    env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_KEYRING="1" if args.source ==
               "keyring" else "0")
    env.pop("FLOWFILE_MASTER_KEY_PREVIOUS", None)
    if args.source == "env":
        env["FLOWFILE_MASTER_KEY"] = fernet_key()
    else:
        env.pop("FLOWFILE_MASTER_KEY", None)
    worker_env = dict(env)  # workers keep the key they started with
    seed_store(env, args.seed_secrets)

    stop = work / "stop"
    logs = [work / f"worker-{i}.log" for i in range(args.workers)]
    workers = [subprocess.Popen([PYTHON, "-c", WORKER, str(i), str(rng.randrange(1 << 30)),
                                 str(stop), str(logs[i])], env=worker_env)
               for i in range(args.workers)]
    counts = {"source": args.source, "seed": args.seed, "rotations": 0, "kills": 0,
              "operations": 0, "errors": 0, "mismatches": 0}
    started = time.monotonic()
    try:
        time.sleep(0.5)
        done = 0
        while done < args.rotations or time.monotonic() - started < args.seconds:
            env = rotate_once(env, home, args.source, rng, counts)
            done += 1
            time.sleep(rng.uniform(0.05, 0.3))
        # The last round may have been killed: finish it before the workers stop.
        subprocess.run([cli(), "key", "status"], env=env, capture_output=True, timeout=120)
    finally:
        stop.touch()
        for w in workers:
            w.wait(timeout=120)

    expected = expected_state(logs, counts)
    expected_path = work / "expected.json"
    expected_path.write_text(json.dumps(expected))
    verify_env = dict(env)
    if args.source == "env":
        verify_env["FLOWFILE_MASTER_KEY"] = installed_key(env, home, None)
    r = subprocess.run([PYTHON, "-c", VERIFY, str(expected_path)], env=verify_env,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
        return 1
    result = json.loads(r.stdout)
    status = result["status"]
    counts.update(secrets_verified=len(expected["present"]), deleted_verified=len(
        expected["deleted"]), lost=len(result["lost"]), resurrected=len(result["resurrected"]),
        keys_in_use=status["keys_in_use"], rotation_left=status["rotation"],
        seconds=round(time.monotonic() - started, 1))
    print(json.dumps(counts))
    failed = (result["lost"] or result["resurrected"] or counts["mismatches"] or
              status["rotation"] is not None or len(status["keys_in_use"]) != 1 or
              not status["keys_in_use"][0]["available"] or
              (args.source != "env" and counts["errors"]))
    if failed:
        print(f"FAILED: lost {result['lost'][:10]}, resurrected {result['resurrected'][:10]}",
              file=sys.stderr)
    if not args.home:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
