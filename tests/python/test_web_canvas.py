"""The Designer's preview, flow-file upload/download and flow parameters, against the real
`flowfile ui` process on a temp Flowfile home, over a Parquet file made by DuckDB."""

import json

import pytest

from test_web_api import SECRET_VALUE, UiServer, pytestmark  # noqa: F401  (skip without CLI)
from test_web_flows import events


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    yield server
    server.stop()


def make_parquet(ff, path, rows=1000):
    # a: 0..rows-1; b: every third row null; s: one of three labels.
    ff.from_dict({"x": [0]}).sql(f"SELECT range AS a, CASE WHEN range % 3 = 0 THEN NULL ELSE (range * 1.5)::DOUBLE END AS b, "
           f"['x', 'y', 'z'][range % 3 + 1] AS s FROM range({rows})").write_parquet(str(path))


def flow_yaml(parquet, split=False):
    """read -> filter on `[a] >= ${min_a}` (split: pass and fail both read) -> select."""
    fail_reader = """
  - id: 4
    type: select
    description: Failed rows
    input_ids: [2]
    setting_input: {select_input: [{old_name: a}]}""" if split else ""
    handles = "\n    output_handles: [output-0, output-1]" if split else ""
    outputs = "[3, 4]" if split else "[3]"
    return f"""flowfile_version: 0.1.0
flowfile_id: 7
flowfile_name: canvas test
flowfile_settings:
  parameters:
    - {{name: min_a, default_value: '600', type: integer}}
nodes:
  - id: 1
    type: read
    description: Read numbers
    input_ids: []
    outputs: [2]
    setting_input:
      received_file: {{path: {parquet}, file_type: parquet}}
  - id: 2
    type: filter
    description: Keep big a
    input_ids: [1]
    outputs: {outputs}{handles}
    setting_input:
      filter_input: {{mode: advanced, advanced_filter: '[a] >= ${{min_a}}'}}
      split_mode: {str(split).lower()}
  - id: 3
    type: select
    description: Keep a and s
    input_ids: [2]
    setting_input: {{select_input: [{{old_name: a}}, {{old_name: s}}]}}{fail_reader}
"""


def upload(ui, path, content, expect=200, **extra):
    return ui.json("POST", "/api/v1/flows/upload", {"path": path, "content": content, **extra},
                   expect=expect)


def test_canvas_routes_are_in_the_route_table(ui):
    doc = ui.json("GET", "/api/v1/openapi.json")
    operations = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    for expected in [("POST", "/api/v1/flows/preview"), ("POST", "/api/v1/flows/upload"),
                     ("GET", "/api/v1/flows/download")]:
        assert expected in operations
    for method, path in [("POST", "/api/v1/flows/preview"), ("POST", "/api/v1/flows/upload"),
                         ("GET", "/api/v1/flows/download?path=flows/x.yaml")]:
        assert ui.request(method, path, {}, auth=False)[0] == 401


def test_preview_gives_rows_total_types_and_stats(ui, ff, tmp_path):
    make_parquet(ff, tmp_path / "n.parquet")
    upload(ui, "flows/p.yaml", flow_yaml(tmp_path / "n.parquet"))
    got = ui.json("POST", "/api/v1/flows/preview", {"path": "flows/p.yaml", "node_id": 1, "limit": 5})
    assert [c["name"] for c in got["columns"]] == ["a", "b", "s"]
    assert got["columns"][0]["type"] == "Int64" and got["columns"][2]["type"] == "String"
    assert len(got["rows"]) == 5 and got["total_rows"] == 1000
    assert got["stats"]["a"] == {"nulls": 0, "distinct": 1000, "min": 0,
                                 "max": 999}
    assert got["stats"]["b"]["nulls"] == 334 and got["stats"]["b"]["max"] == 998 * 1.5
    assert got["stats"]["s"]["distinct"] == 3 and got["stats"]["s"]["min"] == "x"
    assert isinstance(got["ms"], int) and got["stats_rows"] == 1000
    # Stats cover the first 100,000 rows unless full_stats asks for all.
    full = ui.json("POST", "/api/v1/flows/preview",
                   {"path": "flows/p.yaml", "node_id": 1, "limit": 1, "full_stats": True})
    assert full["stats"] == got["stats"] and len(full["rows"]) == 1
    # The filter node uses the declared parameter (min_a = 600).
    kept = ui.json("POST", "/api/v1/flows/preview", {"path": "flows/p.yaml", "node_id": 3})
    assert kept["total_rows"] == 400 and len(kept["rows"]) == 100
    assert kept["stats"]["a"]["min"] == 600


def test_preview_errors_are_in_our_words(ui, ff, tmp_path):
    make_parquet(ff, tmp_path / "n.parquet")
    flow_path = "flows/p.yaml"
    upload(ui, flow_path, flow_yaml(tmp_path / "n.parquet"))
    for body, status, words in [
        ({"path": flow_path}, 400, "'node_id'"),
        ({"path": flow_path, "node_id": 42}, 404, "42"),
        ({"path": flow_path, "node_id": 1, "limit": 0}, 400, "'limit'"),
        ({"path": flow_path, "node_id": 1, "limit": 10**6}, 400, "'limit'"),
        ({"node_id": 1}, 400, "'path' or 'flow'"),
        ({"path": "../x.yaml", "node_id": 1}, 400, "flow path"),
    ]:
        status_got, _, text = ui.request("POST", "/api/v1/flows/preview", body)
        assert status_got == status, f"{body}: {status_got} {text}"
        assert words in json.loads(text)["error"]["message"]
    # A node that reads a missing column: the error names it, the server lives on.
    canvas = ui.json("GET", f"/api/v1/flows/file?path={flow_path}")
    canvas["nodes"][1]["settings"]["filter_input"]["advanced_filter"] = "[nope] > 1"
    status, _, text = ui.request("POST", "/api/v1/flows/preview", {"flow": canvas, "node_id": 3})
    assert status in (400, 404) and "nope" in json.loads(text)["error"]["message"]
    assert ui.request("GET", "/api/v1/session")[0] == 200


def test_upload_checks_with_the_loader_and_confines_the_path(ui, ff, home, tmp_path):
    make_parquet(ff, tmp_path / "n.parquet", rows=10)
    text = flow_yaml(tmp_path / "n.parquet")
    got = upload(ui, "flows/up.yaml", text)
    assert got == {"path": "flows/up.yaml", "name": "canvas test", "nodes": 3}
    assert (home / "flows" / "up.yaml").read_text() == text  # written as sent
    assert oct((home / "flows" / "up.yaml").stat().st_mode & 0o777) == "0o600"
    # Again under the same name: refused unless overwrite is asked for.
    status, _, body = ui.request("POST", "/api/v1/flows/upload", {"path": "flows/up.yaml", "content": text})
    assert status == 409 and "overwrite" in body
    upload(ui, "flows/up.yaml", text, overwrite=True)
    # Invalid flows are refused with the loader's message, and nothing is written.
    bad = text.replace("input_ids: [2]", "input_ids: [99]")
    status, _, body = ui.request("POST", "/api/v1/flows/upload", {"path": "flows/bad.yaml", "content": bad})
    error = json.loads(body)["error"]
    assert status == 400 and error["code"] == "invalid_flow" and "99" in error["message"]
    assert "not a flow" in error["message"] and not (home / "flows" / "bad.yaml").exists()
    status, _, body = ui.request("POST", "/api/v1/flows/upload",
                                 {"path": "flows/j.json", "content": "{not json"})
    assert status == 400 and "not a flow" in body
    for path in ["../evil.yaml", "flows/../evil.yaml", "/tmp/evil.yaml", "flows/x.sh", "evil.yaml"]:
        status, _, body = ui.request("POST", "/api/v1/flows/upload", {"path": path, "content": text})
        assert status == 400 and json.loads(body)["error"]["code"] == "invalid_path", path
    assert not (home / "evil.yaml").exists()
    assert ui.request("POST", "/api/v1/flows/upload", {"path": "flows/c.yaml", "content": text},
                      csrf=False)[0] == 403


def test_download_is_the_saved_file_as_is(ui, ff, home, tmp_path):
    make_parquet(ff, tmp_path / "n.parquet", rows=10)
    text = flow_yaml(tmp_path / "n.parquet")
    upload(ui, "flows/d.yaml", text)
    status, headers, body = ui.request("GET", "/api/v1/flows/download?path=flows/d.yaml")
    assert status == 200 and body == text
    assert headers["Content-Disposition"] == 'attachment; filename="d.yaml"'
    assert headers["Content-Type"].startswith("application/yaml")
    assert ui.request("GET", "/api/v1/flows/download?path=flows/none.yaml")[0] == 404
    assert ui.request("GET", "/api/v1/flows/download?path=../store.db")[0] == 400


def test_parameters_are_edited_saved_and_used_by_a_run(ui, ff, home, tmp_path):
    make_parquet(ff, tmp_path / "n.parquet")
    upload(ui, "flows/par.yaml", flow_yaml(tmp_path / "n.parquet"))
    canvas = ui.json("GET", "/api/v1/flows/file?path=flows/par.yaml")
    assert [(p["name"], p["default_value"], p["type"]) for p in canvas["parameters"]] == [
        ("min_a", "600", "integer")]
    canvas["parameters"][0]["default_value"] = "900"
    canvas["parameters"].append({"name": "region", "default_value": "EU", "description": "where",
                                 "type": "enum", "enum_values": ["EU", "US"]})
    ui.json("PUT", "/api/v1/flows/file?path=flows/par.yaml", canvas)
    again = ui.json("GET", "/api/v1/flows/file?path=flows/par.yaml")
    assert [(p["name"], p["default_value"]) for p in again["parameters"]] == [
        ("min_a", "900"), ("region", "EU")]
    assert again["parameters"][1]["enum_values"] == ["EU", "US"]
    # A run (up to the filter) uses the saved default.
    run_id = ui.json("POST", "/api/v1/flows/run", {"flow": again, "up_to_node": 2}, expect=202)["run_id"]
    _, got = events(ui, run_id)
    assert [e["rows"] for e in got if e["type"] == "node_finished"] == [100]
    # Deleted parameters are gone from the file; bad ones are refused in our words.
    again["parameters"] = again["parameters"][:1]
    ui.json("PUT", "/api/v1/flows/file?path=flows/par.yaml", again)
    assert "region" not in (home / "flows" / "par.yaml").read_text()
    for params, words in [([{"name": "1x"}], "'1x'"), ([{"name": "a"}, {"name": "a"}], "twice"),
                          ([{"name": "n", "type": "integer", "default_value": "many"}], "n")]:
        again["parameters"] = params
        status, _, text = ui.request("PUT", "/api/v1/flows/file?path=flows/par.yaml", again)
        assert status == 400 and words in json.loads(text)["error"]["message"], text


def test_split_outputs_keep_their_handles_when_another_edge_changes(ui, ff, home, tmp_path):
    make_parquet(ff, tmp_path / "n.parquet", rows=10)
    upload(ui, "flows/split.yaml", flow_yaml(tmp_path / "n.parquet", split=True))
    canvas = ui.json("GET", "/api/v1/flows/file?path=flows/split.yaml")
    handles = {(e["source"], e["target"]): e["source_handle"] for e in canvas["edges"]}
    assert handles[(2, 4)] == "output-1"
    # Delete node 3 (the pass reader): the fail reader keeps output-1.
    canvas["nodes"] = [n for n in canvas["nodes"] if n["id"] != 3]
    ui.json("PUT", "/api/v1/flows/file?path=flows/split.yaml", canvas)
    again = ui.json("GET", "/api/v1/flows/file?path=flows/split.yaml")
    assert {(e["source"], e["target"]): e["source_handle"] for e in again["edges"]}[(2, 4)] == "output-1"
    got = ui.json("POST", "/api/v1/flows/preview", {"path": "flows/split.yaml", "node_id": 4})
    assert got["total_rows"] == 10  # every a is below 600: all rows fail the filter
