"""ff.open_graph_in_editor against the real `flowfile ui`: the server publishes itself in
<home>/ui/server.json (0600, removed on exit, one server per home), the hand-off starts one in
the background or reuses it, and the printed URL opens the flow in the Designer."""

import json
import os
import pathlib
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from conftest import cli_path
from test_web_api import UiServer, pytestmark  # noqa: F401  (skip without the CLI)


ROOT = pathlib.Path(__file__).resolve().parents[2]


def cpp_example():
    """The C++ hand-off example (examples/handoff/open_in_editor.cpp) of this build."""
    dirs = [os.environ.get("FLOWFILE_BUILD_DIR"),
            os.path.dirname(os.path.dirname(os.path.realpath(cli_path()))),
            str(ROOT / "build" / "release"), str(ROOT / "build" / "dev")]
    for d in filter(None, dirs):
        candidate = pathlib.Path(d) / "examples" / "example_open_in_editor"
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def api(port, token, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1{path}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def stop(pid):
    os.kill(pid, signal.SIGTERM)
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # A child of this test process (started directly) must be reaped.
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"flowfile ui {pid} did not stop")


def test_the_server_publishes_itself_once_per_home(home, tmp_path):
    ui = UiServer(home, tmp_path)
    try:
        info_file = home / "ui" / "server.json"
        info = json.loads(info_file.read_text())
        assert info["port"] == ui.port and info["token"] == ui.token and info["pid"] == ui.proc.pid
        assert oct(info_file.stat().st_mode & 0o777) == "0o600"
        second = subprocess.run([cli_path(), "ui", "--port", "0", "--no-browser"],
                                env=dict(os.environ, FLOWFILE_HOME=str(home)),
                                capture_output=True, text=True, timeout=30)
        assert second.returncode != 0
        assert "already runs for the home" in second.stderr and str(ui.proc.pid) in second.stderr
        assert ui.token not in second.stdout + second.stderr
    finally:
        ui.stop()
    assert not (home / "ui" / "server.json").exists()


def test_open_graph_in_editor_starts_a_server_then_reuses_it(ff, home, monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FLOWFILE_CLI", cli_path())
    frame = (ff.from_dict({"a": [1, 2, 30]})
             .filter(ff.col("a") > 1, description="Drop low-value rows"))
    pid = None
    try:
        assert ff.open_graph_in_editor(frame.flow_graph) is True
        printed = capsys.readouterr().out
        match = re.search(r"Flowfile editor: (http://127\.0\.0\.1:(\d+)/\?token=(\w+)"
                          r"#/designer\?flow=(\S+))", printed)
        assert match, printed
        port, token, flow = int(match.group(2)), match.group(3), urllib.parse.unquote(match.group(4))
        info = json.loads((home / "ui" / "server.json").read_text())
        pid = info["pid"]
        assert (info["port"], info["token"]) == (port, token)
        assert flow.startswith("flows/") and (home / flow).exists()
        opened = api(port, token, "/flows/file?path=" + urllib.parse.quote(flow))
        assert "Drop low-value rows" in [n["description"] for n in opened["nodes"]]
        # The second hand-off finds the same server.
        assert ff.open_graph_in_editor(frame.flow_graph, storage_location="named.yaml") is True
        again = capsys.readouterr().out
        assert f"127.0.0.1:{port}/?token={token}#/designer?flow=flows/named.yaml" in again
        assert json.loads((home / "ui" / "server.json").read_text())["pid"] == pid
        assert [f["path"] for f in api(port, token, "/flows")].count("flows/named.yaml") == 1
        log = home / "ui" / "server.log"  # the access log, owner-only, without the token
        assert oct(log.stat().st_mode & 0o777) == "0o600" and token not in log.read_text()
    finally:
        if pid:
            stop(pid)
    assert not (home / "ui" / "server.json").exists()


def test_a_stale_server_file_is_not_trusted(ff, home, monkeypatch, capsys):
    # A server that died without cleaning up: its file names a port nobody answers on.
    (home / "ui").mkdir(parents=True)
    (home / "ui" / "server.json").write_text(json.dumps({"pid": 1, "port": 9, "token": "x" * 64}))
    monkeypatch.setenv("FLOWFILE_CLI", cli_path())
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    pid = None
    try:
        assert ff.open_graph_in_editor(ff.from_dict({"a": [1]}).flow_graph) is True
        info = json.loads((home / "ui" / "server.json").read_text())
        pid = info["pid"]
        assert info["port"] != 9 and f":{info['port']}/" in capsys.readouterr().out
    finally:
        if pid:
            stop(pid)


def test_the_cpp_call_reuses_the_running_server(home, tmp_path):
    example = cpp_example()
    if example is None:
        pytest.skip("example_open_in_editor is not built (set FLOWFILE_BUILD_DIR)")
    ui = UiServer(home, tmp_path)
    try:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
        # Starting a server would fail: the program named does not exist.
        env.update(FLOWFILE_HOME=str(home), FLOWFILE_CLI=str(tmp_path / "no-such-flowfile"))
        out = subprocess.run([str(example), "from-cpp"], env=env, capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 0, out.stderr
        assert f"server {ui.proc.pid} reused" in out.stdout
        assert (f"Flowfile editor: http://127.0.0.1:{ui.port}/?token={ui.token}"
                "#/designer?flow=flows/from-cpp.yaml") in out.stdout
        opened = api(ui.port, ui.token, "/flows/file?path=flows/from-cpp.yaml")
        assert "Drop small orders" in [n["description"] for n in opened["nodes"]]
        assert json.loads((home / "ui" / "server.json").read_text())["pid"] == ui.proc.pid
    finally:
        ui.stop()
