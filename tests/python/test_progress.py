"""Progress on long work: a bar on a terminal (driven here through a pseudo-terminal), nothing
when output is piped, with FLOWFILE_PROGRESS=0, or with --no-progress / --quiet."""

import json
import os
import pty
import select
import subprocess
import sys

import pytest

S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}

LONG_QUERY = """
import flowfile as ff
frame = (ff.scan_csv({path!r}, schema_overrides={{"a": ff.String}})
         .group_by("b").agg(ff.col("a").n_unique().alias("n"), description="Count values"))
for _ in range(6):
    frame.collect()
print("done")
"""


def on_terminal(argv, env) -> tuple[int, bytes]:
    """Runs argv with stdin/stdout/stderr on a pseudo-terminal; returns its status and output."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "big.csv"
    with open(path, "w") as out:
        out.write("a,b\n")
        out.write("".join(f"{i},{i % 7}\n" for i in range(3_000_000)))
    return str(path)


def test_python_draws_a_bar_on_a_terminal_only(big_csv, home):
    # Shown from the first poll: a fast machine finishes each collect in well under 0.5 s.
    env = dict(os.environ, TERM="xterm", FLOWFILE_PROGRESS_AFTER_MS="0")
    code = LONG_QUERY.format(path=big_csv)
    status, out = on_terminal([sys.executable, "-c", code], env)
    assert status == 0, out[-2000:]
    assert b"collect group_by 'Count values' (node 2)" in out and b"%" in out
    assert b"\r\x1b[K" in out  # the line is redrawn in place and cleared at the end

    quiet = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert quiet.returncode == 0 and b"collect" not in quiet.stderr + quiet.stdout

    status, out = on_terminal([sys.executable, "-c", code], dict(env, FLOWFILE_PROGRESS="0"))
    assert status == 0 and b"collect" not in out


def test_catalog_write_shows_a_bar_on_a_terminal_only(big_csv, home):
    cli = os.environ.get("FLOWFILE_CLI", "flowfile")
    env = dict(os.environ, TERM="xterm", FLOWFILE_KEYRING="0", FLOWFILE_PROGRESS_AFTER_MS="0")
    status, out = on_terminal([cli, "catalog", "write", "big", big_csv], env)
    assert status == 0, out[-2000:]
    assert b"%" in out and b"\r\x1b[K" in out, out[-2000:]
    for quiet, extra in ((["--no-progress"], {}), ([], {"FLOWFILE_PROGRESS": "0"}),
                         (["--json"], {})):
        status, out = on_terminal([cli, *quiet[:1], "catalog", "write", "big", big_csv,
                                   "--mode", "append"] if quiet == ["--json"] else
                                  [cli, "catalog", "write", "big", big_csv, "--mode", "append",
                                   *quiet], dict(env, **extra))
        assert status == 0 and b"\r\x1b[K" not in out, (quiet, extra, out[-500:])
    piped = subprocess.run([cli, "catalog", "write", "big", big_csv, "--mode", "append"],
                           env=env, capture_output=True)
    assert piped.returncode == 0 and b"\r\x1b[K" not in piped.stderr


def test_flowfile_run_draws_a_bar_on_a_terminal_and_not_with_quiet(big_csv, home, tmp_path):
    flow = tmp_path / "count.yaml"
    subprocess.run([sys.executable, "-c", f"""
import flowfile as ff
frame = ff.read_csv({big_csv!r}, description="Read big").group_by("b").agg(
    ff.col("a").sum().alias("s"), description="Sum per b")
frame._f.save_graph({str(flow)!r})
"""], check=True, timeout=120)
    cli = os.environ.get("FLOWFILE_CLI", "flowfile")
    env = dict(os.environ, TERM="xterm", FLOWFILE_KEYRING="0", FLOWFILE_PROGRESS_AFTER_MS="0")
    status, out = on_terminal([cli, "run", str(flow)], env)
    assert status == 0, out[-2000:]
    assert b"%" in out and b"\r\x1b[K" in out and b"shape: (7, 2)" in out, out[-2000:]
    for quiet in ("-q", "--quiet"):
        status, out = on_terminal([cli, "run", str(flow), quiet], env)
        assert status == 0 and b"\r\x1b[K" not in out and b"shape: (7, 2)" in out, out[-500:]


@pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")
def test_cloud_cp_shows_bytes_rate_and_eta_on_a_terminal(tmp_path, home):
    cli = os.environ.get("FLOWFILE_CLI", "flowfile")
    env = dict(os.environ, TERM="xterm", FLOWFILE_KEYRING="0")
    subprocess.run([S3["PYTHON"], "-c", f"""
import boto3
boto3.client("s3", endpoint_url={S3['ENDPOINT']!r}, region_name={S3['REGION']!r},
             aws_access_key_id={S3['KEY_ID']!r},
             aws_secret_access_key={S3['SECRET']!r}).create_bucket(Bucket="progress")
"""], check=True, timeout=60)
    subprocess.run([cli, "connections", "add", "cloud", "lake", "--storage-type", "s3",
                    "--auth-method", "access_key", "--aws-region", S3["REGION"],
                    "--aws-access-key-id", S3["KEY_ID"], "--endpoint-url", S3["ENDPOINT"],
                    "--allow-http", "--scope", "s3://progress/", "--secrets-stdin"],
                   input=f"aws_secret_access_key={S3['SECRET']}\n", text=True, env=env,
                   check=True, capture_output=True)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(1 << 20) * 400)  # 400 MiB: long enough to be drawn
    status, out = on_terminal([cli, "cloud", "cp", str(big), "s3://progress/big.bin"], env)
    assert status == 0, out[-2000:]
    assert b"upload " in out and b"MB/s" in out and b"ETA" in out
    assert S3["SECRET"].encode() not in out
    for quiet in (["--no-progress"], []):
        extra_env = {} if quiet else {"FLOWFILE_PROGRESS": "0"}
        status, out = on_terminal([cli, "cloud", "cp", str(big), "s3://progress/again.bin",
                                   *quiet], dict(env, **extra_env))
        assert status == 0 and b"MB/s" not in out
    piped = subprocess.run([cli, "cloud", "cp", str(big), "s3://progress/piped.bin"], env=env,
                           capture_output=True)
    assert piped.returncode == 0 and b"MB/s" not in piped.stderr


# A stand-in for the IPython a notebook kernel has loaded: get_ipython() returns a shell of the
# kernel's class, and display(..., display_id=True) records what a notebook would show.
NOTEBOOK_SHIM = """
import json, sys, types

events = []

class Handle:
    def __init__(self, number):
        self.number = number
    def update(self, obj):
        events.append(("update", self.number, obj._repr_html_(), repr(obj)))

def display(obj, display_id=None):
    assert display_id is True, display_id
    number = sum(1 for e in events if e[0] == "display")
    events.append(("display", number, obj._repr_html_(), repr(obj)))
    return Handle(number)

class ZMQInteractiveShell:
    kernel = object()

ipython = types.ModuleType("IPython")
ipython.get_ipython = lambda: ZMQInteractiveShell()
ipython.display = types.ModuleType("IPython.display")
ipython.display.display = display
sys.modules["IPython"] = ipython
sys.modules["IPython.display"] = ipython.display
"""

NOTEBOOK_RUN = NOTEBOOK_SHIM + LONG_QUERY + """
import time
from flowfile import _progress
time.sleep(3 * _progress.POLL_SECONDS)  # the poller takes the last updates
print("MODE", _progress.mode())
print("EVENTS", json.dumps(events))
"""


def notebook_events(big_csv, **env):
    proc = subprocess.run([sys.executable, "-c", NOTEBOOK_RUN.format(path=big_csv)],
                          env=dict(os.environ, FLOWFILE_PROGRESS_AFTER_MS="0", **env),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    mode = next(line.split()[1] for line in lines if line.startswith("MODE"))
    events = json.loads(next(line[len("EVENTS "):] for line in lines if line.startswith("EVENTS")))
    return mode, events, proc.stderr


def test_python_shows_a_bar_in_a_notebook(big_csv, home):
    mode, events, stderr = notebook_events(big_csv)
    assert mode == "notebook"
    shown = [e for e in events if e[0] == "display"]
    assert shown, events
    # Each bar: the terminal bar's text (task, percent) in HTML with a <progress> element, and
    # the same text as plain text; updated in place, then removed when its task ends.
    for _, number, html, text in shown:
        assert "collect group_by 'Count values' (node 2)" in text and "%" in text
        assert "<progress" in html and "&#x27;Count values&#x27;" in html  # escaped text
        assert "[#" not in html and "[" in text  # the HTML bar replaces the text one
        updates = [e for e in events if e[0] == "update" and e[1] == number]
        assert updates and updates[-1][2:] == ["", ""], updates[-3:]
    assert "\x1b[" not in stderr and "collect" not in stderr  # nothing drawn on stderr


def test_notebook_progress_is_off_with_flowfile_progress_0(big_csv, home):
    mode, events, _ = notebook_events(big_csv, FLOWFILE_PROGRESS="0")
    assert mode == "off" and events == []


def test_progress_never_imports_ipython(home):
    # Outside a kernel IPython is not loaded, and importing flowfile does not load it.
    proc = subprocess.run([sys.executable, "-c", "import sys, flowfile\n"
                           "from flowfile import _progress\n"
                           "print('IPython' in sys.modules, _progress.in_notebook(), "
                           "_progress.mode())"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False", "off"]
