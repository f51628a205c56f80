"""Where the core's progress on long work is shown: a bar on a terminal (drawn by the core on
stderr), a bar in a Jupyter notebook (drawn here with ``IPython.display``), or nowhere (pipes,
logs, CI output, ``FLOWFILE_PROGRESS=0``).

In a notebook, engine threads never call Python: the core keeps the latest update per task and a
daemon thread here takes them a few times a second, updating one display per task in place and
removing it when the task ends. IPython is never imported by this module: a notebook kernel has
imported it already, and elsewhere it is not needed.
"""

from __future__ import annotations

import html
import os
import re
import sys
import threading
import time

from . import _core

POLL_SECONDS = 0.1
_TEXT_BAR = re.compile(r"\[[#-]+\] ")


def in_notebook() -> bool:
    """True under an IPython kernel (Jupyter, VS Code notebooks), not in a terminal IPython."""
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    if get_ipython is None:
        return False
    try:
        shell = get_ipython()
    except Exception:  # noqa: BLE001 - a broken shell means no notebook to draw in
        return False
    if shell is None:
        return False
    return (getattr(shell, "kernel", None) is not None
            or type(shell).__name__ == "ZMQInteractiveShell")


def mode() -> str:
    """"notebook", "terminal" or "off", from FLOWFILE_PROGRESS, the kernel and stderr."""
    if os.environ.get("FLOWFILE_PROGRESS", "1") == "0":
        return "off"
    if in_notebook():
        return "notebook"
    if os.isatty(2) and os.environ.get("TERM") != "dumb":
        return "terminal"
    return "off"


class _Bar:
    """What a notebook shows for one task: an HTML progress bar and the terminal bar's text."""

    def __init__(self, update: dict):
        self.update = update

    def _share(self) -> float | None:
        u = self.update
        if u["unit"] == "percent":
            return min(u["done"] / 100, 1.0)
        if u["total"]:
            return min(u["done"] / u["total"], 1.0)
        return None

    def _repr_html_(self) -> str:
        share = self._share()
        line = self.update["line"]
        bar = ""
        if share is not None:  # an HTML bar in place of the text one
            bar = f'<progress value="{share:.3f}" max="1" style="width:16em"></progress> '
            line = _TEXT_BAR.sub("", line, count=1)
        return f'<div class="flowfile-progress">{bar}<code>{html.escape(line)}</code></div>'

    def __repr__(self) -> str:
        return self.update["line"]


class _Done:
    """What replaces a bar when its task ends: nothing (as the terminal line is cleared)."""

    def _repr_html_(self) -> str:
        return ""

    def __repr__(self) -> str:
        return ""


class NotebookProgress:
    """Takes the core's updates and shows each task that runs longer than the quiet time as a
    display updated in place.
    """

    def __init__(self, display):
        self._display = display  # IPython.display.display
        self._quiet = _core.progress_quiet_seconds()
        self._handles: dict[str, object] = {}
        self._last_shown: dict[str, float] = {}

    def step(self) -> None:
        """Shows what the core reported since the last step."""
        for update in _core.take_progress():
            task = update["task"]
            handle = self._handles.get(task)
            if update["finished"]:
                if handle is not None:
                    handle.update(_Done())
                    del self._handles[task]
                    self._last_shown.pop(task, None)
                continue
            if handle is None:
                if update["seconds"] < self._quiet:
                    continue  # quick work stays quiet
                self._handles[task] = self._display(_Bar(update), display_id=True)
            else:
                handle.update(_Bar(update))

    def run(self) -> None:
        while True:
            try:
                self.step()
            except Exception:  # noqa: BLE001 - progress is best effort; the work goes on
                pass
            time.sleep(POLL_SECONDS)


def install() -> str:
    """Installs the progress display this process wants; returns its mode."""
    chosen = mode()
    if chosen == "notebook":
        from IPython.display import display  # already imported by the kernel
        _core.keep_progress()
        progress = NotebookProgress(display)
        threading.Thread(target=progress.run, name="flowfile-progress", daemon=True).start()
    else:
        _core.show_progress(chosen == "terminal")
    return chosen
