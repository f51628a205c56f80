"""The Designer's preview is cancellable: a newer preview with the same key (one per page), or
DELETE /api/v1/flows/preview/{key}, interrupts a slow one in the engine, which answers promptly
with 409 "cancelled"; metadata routes answer while a slow preview runs. Real `flowfile ui`."""

import json
import threading
import time

import pytest

from test_web_api import UiServer, pytestmark  # noqa: F401  (skip without CLI)
from test_web_flows import save_flow, slow_flow

PREVIEW = "/api/v1/flows/preview"
SLOW_NODE = 5  # the filter over a 27-billion-row cross join: its count(*) takes minutes


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    server.csrf()  # fetched once here, not by the threads below
    yield server
    server.stop()


def start_preview(ui, body):
    """Sends the preview on a thread; returns (thread, result) with status, text and the end time."""
    result = {}

    def send():
        status, _, text = ui.request("POST", PREVIEW, body, timeout=120)
        result.update(status=status, text=text, ended=time.time())

    thread = threading.Thread(target=send)
    thread.start()
    return thread, result


def wait_running(ui, thread):
    """Gives the slow preview time to reach its long query (it is still running after)."""
    time.sleep(1.5)
    assert thread.is_alive(), "the slow preview ended before it could be cancelled"


def assert_cancelled(result, since, within=1.5):
    assert result["status"] == 409, result
    error = json.loads(result["text"])["error"]
    assert error["code"] == "cancelled" and "cancelled" in error["message"]
    assert result["ended"] - since < within, f"answered {result['ended'] - since:.2f} s after"


def test_a_newer_preview_with_the_same_key_cancels_the_slow_one(ui, ff, home):
    path = save_flow(ff, home, "slow.yaml", slow_flow(ff))
    thread, result = start_preview(ui, {"path": path, "node_id": SLOW_NODE, "key": "page-1"})
    wait_running(ui, thread)
    # Metadata routes answer while the slow preview runs.
    for route in ["/api/v1/session", "/api/v1/nodes", "/api/v1/flows", "/api/v1/secrets"]:
        start = time.time()
        ui.json("GET", route)
        assert time.time() - start < 0.5, f"{route} waited for the preview"
    since = time.time()
    fresh = ui.json("POST", PREVIEW, {"path": path, "node_id": 1, "key": "page-1", "limit": 5})
    thread.join(10)
    assert not thread.is_alive()
    assert_cancelled(result, since)
    assert len(fresh["rows"]) == 5 and fresh["total_rows"] == 3000 and fresh["node_id"] == 1


def test_delete_cancels_the_page_preview_and_the_next_waiting_one_runs(ui, ff, home):
    path = save_flow(ff, home, "slow.yaml", slow_flow(ff))
    thread, result = start_preview(ui, {"path": path, "node_id": SLOW_NODE, "key": "page-2"})
    wait_running(ui, thread)
    # One preview runs at a time: another page's waits its turn, and its key does not touch
    # page-2's preview.
    other_thread, other = start_preview(ui, {"path": path, "node_id": 1, "key": "page-3",
                                             "limit": 1})
    time.sleep(0.5)
    assert other_thread.is_alive() and thread.is_alive()
    since = time.time()
    assert ui.json("DELETE", "/api/v1/flows/preview/page-2") == {"cancelled": True}
    thread.join(10)
    assert_cancelled(result, since)
    other_thread.join(10)
    assert other["status"] == 200, other
    assert json.loads(other["text"])["total_rows"] == 3000
    # Nothing left under the key; a bad key is refused in our words.
    assert ui.json("DELETE", "/api/v1/flows/preview/page-2") == {"cancelled": False}
    status, _, text = ui.request("DELETE", "/api/v1/flows/preview/a%20b")
    assert status == 400 and "'key'" in json.loads(text)["error"]["message"]
    status, _, text = ui.request("POST", PREVIEW, {"path": path, "node_id": 1, "key": "x" * 65})
    assert status == 400 and "1 to 64" in json.loads(text)["error"]["message"]
    # Cancelling needs the CSRF header like every state change.
    assert ui.request("DELETE", "/api/v1/flows/preview/page-2", csrf=False)[0] == 403


def test_the_cancel_route_is_in_the_route_table(ui):
    doc = ui.json("GET", "/api/v1/openapi.json")
    assert "delete" in doc["paths"]["/api/v1/flows/preview/{key}"]
    body = doc["paths"][PREVIEW]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "key" in body["properties"]
    assert ui.request("DELETE", "/api/v1/flows/preview/k", auth=False)[0] == 401
