"""The hand-off to the web app behind ff.open_graph_in_editor: save the flow in the home's
flows folder, find this home's running `flowfile ui` (or start one), and build the URL that
opens the flow in the Designer."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from .admin import config_dir

START_TIMEOUT = 20.0  # seconds for a new server to publish its address


def _home() -> pathlib.Path:
    return pathlib.Path(config_dir())


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.")[:60] or "flow"


def save_for_editor(flow_graph, storage_location) -> pathlib.Path:
    """Saves the flow as YAML under <home>/flows and returns that file."""
    frame = getattr(flow_graph, "_frame", flow_graph)
    flows = _home() / "flows"
    flows.mkdir(parents=True, exist_ok=True)
    if storage_location:
        given = pathlib.Path(storage_location)
        if not given.is_absolute() and len(given.parts) == 1:
            given = flows / given  # a bare name lands in the flows folder
        if given.suffix not in (".yaml", ".yml"):
            given = given.with_suffix(".yaml")
        given.parent.mkdir(parents=True, exist_ok=True)
        frame._f.save_graph(str(given))
        try:
            given.resolve().relative_to(flows.resolve())
            return given
        except ValueError:  # saved elsewhere too: the editor opens the copy in flows/
            path = flows / given.name
    else:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = flows / f"flow-{stamp}.yaml"
    frame._f.save_graph(str(path))
    return path


def _server_info() -> dict | None:
    try:
        info = json.loads((_home() / "ui" / "server.json").read_text())
        return info if isinstance(info, dict) and info.get("port") and info.get("token") else None
    except (OSError, ValueError):
        return None


def _answers(info: dict) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{int(info['port'])}/api/v1/session",
                                     headers={"Authorization": f"Bearer {info['token']}"})
    try:
        with urllib.request.urlopen(request, timeout=1.0) as response:
            return response.status == 200
    except Exception:  # noqa: BLE001 - not ours, gone, or not answering
        return False


def _cli() -> str:
    explicit = os.environ.get("FLOWFILE_CLI")
    if explicit:  # an explicit choice is the only one
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit
        raise FileNotFoundError(f"FLOWFILE_CLI names no program: {explicit}")
    here = pathlib.Path(__file__).resolve().parent
    for c in (str(here.parents[1] / "cli" / "flowfile"),  # a build tree
              str(pathlib.Path(sys.prefix) / "bin" / "flowfile"), shutil.which("flowfile")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise FileNotFoundError("no `flowfile` program found (set FLOWFILE_CLI or put it on PATH)")


def _start_server() -> dict:
    """Starts `flowfile ui` detached from this process and waits for it to publish itself."""
    ui_dir = _home() / "ui"
    ui_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, FLOWFILE_HOME=str(_home()))
    # stdout (the sign-in URL, which holds the token) goes nowhere: server.json has it, 0600.
    # stderr (the access log and errors) goes to an owner-only log.
    fd = os.open(ui_dir / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as log:
        proc = subprocess.Popen([_cli(), "ui", "--port", "0", "--no-browser"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                env=env, start_new_session=True, close_fds=True)
    deadline = time.time() + START_TIMEOUT
    while time.time() < deadline:
        info = _server_info()
        if info and info.get("pid") == proc.pid and _answers(info):
            return info
        if proc.poll() is not None:
            # Lost a race with another starter: its server is as good as ours.
            info = _server_info()
            if info and _answers(info):
                return info
            raise RuntimeError(f"`flowfile ui` exited with status {proc.returncode} "
                               f"(see {ui_dir / 'server.log'})")
        time.sleep(0.05)
    raise TimeoutError(f"`flowfile ui` did not start within {START_TIMEOUT:.0f} s "
                       f"(see {ui_dir / 'server.log'})")


def _check_opens(info: dict, relative: str) -> None:
    """Asks the server to open the flow, so True means the editor has it."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{int(info['port'])}/api/v1/flows/file?path="
        + urllib.parse.quote(relative, safe="/"),
        headers={"Authorization": f"Bearer {info['token']}"})
    try:
        with urllib.request.urlopen(request, timeout=30):
            return
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read())["error"]["message"]
        except Exception:  # noqa: BLE001 - not our JSON
            message = f"HTTP {exc.code}"
        raise RuntimeError(f"the editor cannot open {relative}: {message}") from None


def editor_url(path: pathlib.Path) -> str:
    """The URL that signs in to this home's server and opens `path` in the Designer."""
    info = _server_info()
    if not info or not _answers(info):
        info = _start_server()
    relative = path.resolve().relative_to(_home().resolve()).as_posix()
    _check_opens(info, relative)
    return (f"http://127.0.0.1:{int(info['port'])}/?token={info['token']}"
            f"#/designer?flow={urllib.parse.quote(relative, safe='/')}")


def show(url: str, open_browser: bool) -> None:
    has_display = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))
    if open_browser and has_display:
        import webbrowser

        if webbrowser.open(url):
            return
    print(f"Flowfile editor: {url}", flush=True)
