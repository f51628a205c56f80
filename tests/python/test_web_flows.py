"""The Designer's flow API of `flowfile ui` (flows, runs, events, code), against the real
server process on a temp Flowfile home; flows are made by the Python module's save_graph."""

import http.client
import json
import time

import pytest

from test_web_api import SECRET_VALUE, UiServer, pytestmark  # noqa: F401  (skip without CLI)


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    yield server
    server.stop()


def save_flow(ff, home, name, frame):
    (home / "flows").mkdir(parents=True, exist_ok=True)
    frame.flow_graph.save_flow(str(home / "flows" / name))
    return f"flows/{name}"


def small_flow(ff):
    return (ff.from_dict({"a": [1, 2, 3, 50], "b": ["w", "x", "y", "z"]})
            .filter(ff.col("a") > 1, description="Drop low-value rows")
            .with_columns((ff.col("a") * 2).alias("c"), description="Double a"))


def slow_flow(ff):
    a = ff.from_dict({"x": list(range(3000))})
    b = ff.from_dict({"y": list(range(3000))})
    c = ff.from_dict({"z": list(range(3000))})
    return (a.join(b, how="cross").join(c, how="cross")
            .filter((ff.col("x") + ff.col("y") + ff.col("z")) % 7 == 3, description="slow"))


def break_node(node):
    """Makes a save_graph node read a column that does not exist ("nope")."""
    node["extra"] = json.loads(json.dumps(node["extra"]).replace('"name": "a"', '"name": "nope"'))


def events(ui, run_id, headers=None, timeout=60):
    """Reads the run's Server-Sent Events until the stream ends; returns (status, [event])."""
    conn = http.client.HTTPConnection("127.0.0.1", ui.port, timeout=timeout)
    conn.request("GET", f"/api/v1/runs/{run_id}/events",
                 headers={"Host": ui.host, "Authorization": f"Bearer {ui.token}", **(headers or {})})
    response = conn.getresponse()
    out = []
    if response.status == 200:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        for raw in response:
            line = raw.decode().rstrip("\n")
            ui.bodies.append(line)
            if line.startswith("data: "):
                out.append(json.loads(line[6:]))
                if out[-1]["type"] in ("run_finished", "run_failed", "run_cancelled"):
                    break
    conn.close()
    return response.status, out


def test_flow_routes_are_in_the_route_table(ui):
    doc = ui.json("GET", "/api/v1/openapi.json")
    operations = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    for expected in [("GET", "/api/v1/flows"), ("GET", "/api/v1/flows/file"),
                     ("PUT", "/api/v1/flows/file"), ("POST", "/api/v1/flows/run"),
                     ("POST", "/api/v1/flows/code"), ("GET", "/api/v1/runs/{id}"),
                     ("GET", "/api/v1/runs/{id}/events"), ("POST", "/api/v1/runs/{id}/cancel")]:
        assert expected in operations
    canvas = doc["paths"]["/api/v1/flows/file"]["get"]["responses"]["200"]
    assert "nodes" in json.dumps(canvas)


def test_list_and_open_a_flow_with_predicted_schemas(ui, ff, home):
    assert ui.json("GET", "/api/v1/flows") == []
    path = save_flow(ff, home, "small.yaml", small_flow(ff))
    listed = ui.json("GET", "/api/v1/flows")
    assert [(f["path"], f["name"]) for f in listed] == [(path, "small")]
    assert listed[0]["modified"].endswith("Z")
    flow = ui.json("GET", f"/api/v1/flows/file?path={path}")
    assert flow["path"] == path
    labels = [n["description"] for n in flow["nodes"]]
    assert "Drop low-value rows" in labels and "Double a" in labels
    by_label = {n["description"]: n for n in flow["nodes"]}
    assert [c["name"] for c in by_label["Double a"]["schema"]] == ["a", "b", "c"]
    filt = by_label["Drop low-value rows"]
    assert {"x", "y"} <= set(filt["position"]) and filt["inputs"]["main"]
    assert any(e["target"] == filt["id"] and e["target_handle"] == "main" for e in flow["edges"])


def test_a_node_that_cannot_be_built_carries_its_error(ui, ff, home):
    flow = ui.json("GET", f"/api/v1/flows/file?path={save_flow(ff, home, 's.yaml', small_flow(ff))}")
    node = next(n for n in flow["nodes"] if n["description"] == "Double a")
    break_node(node)
    status, _, text = ui.request("PUT", "/api/v1/flows/file?path=flows/broken.yaml", flow)
    assert status == 200, text
    reopened = ui.json("GET", "/api/v1/flows/file?path=flows/broken.yaml")
    broken = next(n for n in reopened["nodes"] if n["description"] == "Double a")
    assert "nope" in broken["error"] and "schema" not in broken


def test_paths_are_confined_to_the_flows_folder(ui):
    for bad in ["../x.yaml", "/etc/passwd", "flows/../store.db", "store.db", "flows/x.txt",
                "flows/./x.yaml", "x.yaml", "flows//x.yaml"]:
        status, _, text = ui.request("GET", "/api/v1/flows/file?path=" + bad)
        assert status == 400, f"{bad}: {status} {text}"
        assert json.loads(text)["error"]["code"] == "invalid_path"
        status, _, _ = ui.request("PUT", "/api/v1/flows/file?path=" + bad, {"nodes": []})
        assert status == 400
    assert ui.request("GET", "/api/v1/flows/file?path=flows/none.yaml")[0] == 404
    assert ui.request("GET", "/api/v1/flows/file")[0] == 400


def test_save_round_trips_and_writes_flowfile_yaml(ui, ff, home):
    path = save_flow(ff, home, "rt.yaml", small_flow(ff))
    flow = ui.json("GET", f"/api/v1/flows/file?path={path}")
    node = next(n for n in flow["nodes"] if n["description"] == "Drop low-value rows")
    node["description"] = "Keep big rows"
    node["position"] = {"x": 420, "y": 80}
    status, _, text = ui.request("PUT", "/api/v1/flows/file?path=flows/sub/rt2.yaml", flow)
    assert status == 200 and json.loads(text) == {"path": "flows/sub/rt2.yaml", "created": True, "nodes": 3}
    saved = (home / "flows" / "sub" / "rt2.yaml").read_text()
    assert "flowfile_settings" in saved and "setting_input" in saved and "Keep big rows" in saved
    assert not saved.lstrip().startswith("{")  # YAML, as save_graph writes it
    assert oct((home / "flows" / "sub" / "rt2.yaml").stat().st_mode & 0o777) == "0o600"
    assert ff.open_flow(str(home / "flows" / "sub" / "rt2.yaml")).collect().height == 3
    again = ui.json("GET", "/api/v1/flows/file?path=flows/sub/rt2.yaml")
    moved = next(n for n in again["nodes"] if n["description"] == "Keep big rows")
    assert moved["position"] == {"x": 420, "y": 80}
    # Saving what was read changes nothing.
    before = saved
    assert ui.request("PUT", "/api/v1/flows/file?path=flows/sub/rt2.yaml", again)[0] == 200
    assert (home / "flows" / "sub" / "rt2.yaml").read_text() == before
    # State changes need CSRF; a broken flow is refused naming the node.
    assert ui.request("PUT", "/api/v1/flows/file?path=flows/x.yaml", again, csrf=False)[0] == 403
    again["nodes"][1]["inputs"]["main"] = [999]
    status, _, text = ui.request("PUT", "/api/v1/flows/file?path=flows/x.yaml", again)
    assert status == 400 and "999" in json.loads(text)["error"]["message"]
    assert not (home / "flows" / "x.yaml").exists()


def test_run_streams_every_node_and_the_end(ui, ff, home):
    path = save_flow(ff, home, "run.yaml", small_flow(ff))
    status, _, text = ui.request("POST", "/api/v1/flows/run", {"path": path})
    assert status == 202, text
    run_id = json.loads(text)["run_id"]
    status, got = events(ui, run_id)
    assert status == 200
    types = [e["type"] for e in got]
    assert types[0] == "run_started" and types[-1] == "run_finished"
    finished = {e["node_id"]: e for e in got if e["type"] == "node_finished"}
    assert sorted(finished) == [1, 2, 3]
    assert [finished[i]["rows"] for i in (1, 2, 3)] == [4, 3, 3]
    assert all(isinstance(e["ms"], int) for e in finished.values())
    assert any(e["type"] == "log" and "Drop low-value rows" in e["message"] for e in got)
    summary = ui.json("GET", f"/api/v1/runs/{run_id}")
    assert summary["status"] == "finished"
    assert {k: v["status"] for k, v in summary["nodes"].items()} == {"1": "ok", "2": "ok", "3": "ok"}
    # A reader that saw the end and reconnects is told to stop (204).
    assert events(ui, run_id, headers={"Last-Event-ID": str(len(got) - 1)})[0] == 204
    assert ui.request("GET", "/api/v1/runs/nope")[0] == 404
    assert ui.request("POST", "/api/v1/flows/run", {"path": path}, csrf=False)[0] == 403


def test_run_canvas_json_up_to_a_node(ui, ff, home):
    flow = ui.json("GET", f"/api/v1/flows/file?path={save_flow(ff, home, 'u.yaml', small_flow(ff))}")
    run_id = ui.json("POST", "/api/v1/flows/run", {"flow": flow, "up_to_node": 2}, expect=202)["run_id"]
    _, got = events(ui, run_id)
    assert [e["node_id"] for e in got if e["type"] == "node_finished"] == [2]
    assert got[-1]["type"] == "run_finished"
    assert ui.request("POST", "/api/v1/flows/run", {"flow": flow, "up_to_node": 42})[0] == 404
    status, _, text = ui.request("POST", "/api/v1/flows/run", {})
    assert status == 400 and "'path' or 'flow'" in text


def test_a_failing_node_fails_the_run_naming_it(ui, ff, home):
    flow = ui.json("GET", f"/api/v1/flows/file?path={save_flow(ff, home, 'f.yaml', small_flow(ff))}")
    node = next(n for n in flow["nodes"] if n["description"] == "Double a")
    break_node(node)
    run_id = ui.json("POST", "/api/v1/flows/run", {"flow": flow}, expect=202)["run_id"]
    _, got = events(ui, run_id)
    errors = [e for e in got if e["type"] == "node_error"]
    assert errors and errors[0]["node_id"] == node["id"] and "nope" in errors[0]["error"]
    assert got[-1]["type"] == "run_failed" and "Double a" in got[-1]["error"]


def test_a_slow_run_never_blocks_the_api_and_can_be_cancelled(ui, ff, home):
    path = save_flow(ff, home, "slow.yaml", slow_flow(ff))
    run_id = ui.json("POST", "/api/v1/flows/run", {"path": path}, expect=202)["run_id"]
    deadline = time.time() + 30
    while ui.json("GET", f"/api/v1/runs/{run_id}")["nodes"].get("5", {}).get("status") != "running":
        assert time.time() < deadline, "the slow node never started"
        time.sleep(0.05)
    for _ in range(5):  # meanwhile, other calls answer at once
        start = time.time()
        ui.json("GET", "/api/v1/flows")
        ui.json("GET", "/api/v1/session")
        assert time.time() - start < 1.0
    assert ui.json("GET", f"/api/v1/runs/{run_id}")["status"] == "running"
    start = time.time()
    ui.json("POST", f"/api/v1/runs/{run_id}/cancel")
    status, got = events(ui, run_id)
    assert got[-1]["type"] == "run_cancelled" and time.time() - start < 10
    assert any(e["type"] == "node_error" and e["node_id"] == 5 and e["error"] == "cancelled"
               for e in got)
    assert ui.json("GET", f"/api/v1/runs/{run_id}")["status"] == "cancelled"
    # The engine is free again: the next run goes through.
    quick = save_flow(ff, home, "quick.yaml", small_flow(ff))
    _, again = events(ui, ui.json("POST", "/api/v1/flows/run", {"path": quick}, expect=202)["run_id"])
    assert again[-1]["type"] == "run_finished"


def test_generate_code_for_every_target(ui, ff, home):
    path = save_flow(ff, home, "code.yaml", small_flow(ff))
    for target, marker in [("python", "import flowfile"), ("cpp", "#include"), ("sql", "DuckDB SQL")]:
        code = ui.json("POST", "/api/v1/flows/code", {"path": path, "target": target})
        assert code["target"] == target and marker in code["code"]
    status, _, text = ui.request("POST", "/api/v1/flows/code", {"path": path, "target": "cobol"})
    assert status == 400 and "python, cpp or sql" in text


def test_no_secret_reaches_a_flow_response(ui, ff, home):
    assert ui.request("PUT", "/api/v1/secrets/api_token", {"value": SECRET_VALUE})[0] == 200
    path = save_flow(ff, home, "sec.yaml", small_flow(ff))
    flow = ui.json("GET", f"/api/v1/flows/file?path={path}")
    ui.json("GET", "/api/v1/flows")
    ui.request("PUT", f"/api/v1/flows/file?path={path}", flow)
    events(ui, ui.json("POST", "/api/v1/flows/run", {"path": path}, expect=202)["run_id"])
    for target in ("python", "cpp", "sql"):
        ui.json("POST", "/api/v1/flows/code", {"path": path, "target": target})
    ui.assert_never_said(SECRET_VALUE)
