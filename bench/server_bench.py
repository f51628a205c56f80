"""What the database benchmarks share: timing a child process, and a throw-away server from
scripts/services with an environment (its FLOWFILE_TEST_* exports plus a private Flowfile home)."""

import os
import pathlib
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def timed(cmd, env) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process; raises if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[0]} failed: {err[-800:]}")
    return wall, usage.ru_maxrss / 1024


def start_server(service: str, work: pathlib.Path, name: str) -> tuple[dict, pathlib.Path]:
    """Starts scripts/services/SERVICE.sh in WORK/NAME; returns (env, script) for stop_server."""
    script = ROOT / "scripts" / "services" / f"{service}.sh"
    exports = subprocess.run(["bash", str(script), "start", str(work / name)], check=True,
                             capture_output=True, text=True).stdout
    env = dict(os.environ)
    for part in exports.replace("export ", "").split():
        key, _, value = part.partition("=")
        env[key] = value
    env["FLOWFILE_HOME"] = str(work / "home")
    env["FLOWFILE_KEYRING"] = "0"
    return env, script


def stop_server(script: pathlib.Path, work: pathlib.Path, name: str) -> None:
    subprocess.run(["bash", str(script), "stop", str(work / name)], capture_output=True)
