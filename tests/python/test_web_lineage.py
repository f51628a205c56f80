"""Catalog lineage names the flow that produced each version: runs of `flowfile ui` (the
Designer's canvas with the file it was opened from, a file alone, a canvas alone) and of the
Python module, against the real server process on a temp Flowfile home."""

import json
import os
import subprocess

import pytest

from test_web_api import pytestmark  # noqa: F401  (skip without CLI)
from test_web_api import CLI, UiServer
from test_web_flows import events


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    yield server
    server.stop()


def lineage_flow(csv_path):
    """A flow file reading a CSV (a path relative to the flow file, or absolute) into
    marts.items."""
    return {
        "flowfile_version": "1", "flowfile_id": 1, "flowfile_name": "items", "flowfile_settings": {},
        "nodes": [
            {"id": 1, "type": "read", "input_ids": [],
             "setting_input": {"received_file": {"path": csv_path, "file_type": "csv"}}},
            {"id": 2, "type": "catalog_writer", "input_ids": [1],
             "setting_input": {"catalog_write_settings": {"table_name": "marts.items",
                                                           "write_mode": "overwrite"}}},
        ],
    }


@pytest.fixture
def flow_file(home):
    """flows/items.json beside flows/data/items.csv, which it names by a relative path."""
    (home / "flows" / "data").mkdir(parents=True)
    (home / "flows" / "data" / "items.csv").write_text("id,kind\n1,a\n2,b\n3,a\n")
    (home / "flows" / "items.json").write_text(json.dumps(lineage_flow("data/items.csv")))
    return "flows/items.json"


def run(ui, body):
    run_id = ui.json("POST", "/api/v1/flows/run", body, expect=202)["run_id"]
    _, got = events(ui, run_id)
    assert got[-1]["type"] == "run_finished", got[-1]
    return run_id


def latest_write(ui):
    detail = ui.json("GET", "/api/v1/catalog/tables/General.marts/items")
    return detail["lineage"]["writes"][0]


def test_a_designer_run_is_attributed_to_the_file_it_was_opened_from(ui, home, flow_file):
    canvas = ui.json("GET", f"/api/v1/flows/file?path={flow_file}")
    # The canvas with its path: the relative CSV path resolves beside the file (the server's
    # working directory holds no data/items.csv) and the write names the file and the run.
    run_id = run(ui, {"flow": canvas, "path": flow_file})
    write = latest_write(ui)
    assert write["version"] == 0 and write["run_id"] == run_id
    assert write["flow"] == "flows/items.json" and write["flow_openable"] is True
    preview = ui.json("GET", "/api/v1/catalog/tables/General.marts/items/preview")
    assert len(preview["rows"]) == 3

    # The file alone: attributed the same way, to a run of its own.
    again = run(ui, {"path": flow_file})
    write = latest_write(ui)
    assert (write["version"], write["run_id"], write["flow"]) == (1, again, "flows/items.json")


def test_a_canvas_alone_has_no_producer_file(ui, home, flow_file):
    canvas = ui.json("GET", f"/api/v1/flows/file?path={flow_file}")
    absolute = str(home / "flows" / "data" / "items.csv")
    read = next(n for n in canvas["nodes"] if n["type"] == "read")
    read["settings"]["received_file"]["path"] = absolute
    run_id = run(ui, {"flow": canvas})
    write = latest_write(ui)
    assert write["run_id"] == run_id and write["flow"] == "" and write["flow_openable"] is False


def test_a_flow_outside_the_workspace_is_named_by_its_absolute_path(ui, ff, home, tmp_path):
    outside = tmp_path / "elsewhere" / "items.json"
    outside.parent.mkdir()
    (outside.parent / "items.csv").write_text("id,kind\n1,a\n")
    outside.write_text(json.dumps(lineage_flow(str(outside.parent / "items.csv"))))
    ff.open_flow(str(outside)).run()
    write = latest_write(ui)
    assert write["flow"] == str(outside) and write["flow_openable"] is False
    assert ff.catalog.lineage("marts.items")["writes"][0]["flow_path"] == str(outside)
    shown = subprocess.run([CLI, "catalog", "lineage", "marts.items"], capture_output=True,
                           text=True, timeout=60, env=dict(os.environ, FLOWFILE_HOME=str(home)))
    assert shown.returncode == 0 and "FLOW" in shown.stdout and str(outside) in shown.stdout


def test_bad_run_bodies_are_refused_in_our_words(ui, home, flow_file):
    canvas = ui.json("GET", f"/api/v1/flows/file?path={flow_file}")
    status, _, text = ui.request("POST", "/api/v1/flows/run", {"flow": canvas, "path": "../x.json"})
    assert status == 400 and "holds '..'" in text
    status, _, text = ui.request("POST", "/api/v1/flows/run",
                                 {"flow": canvas, "path": "flows/missing.json"})
    assert status == 404 and "flows/missing.json" in text
    status, _, text = ui.request("POST", "/api/v1/flows/run", {"up_to_node": 1})
    assert status == 400 and "either 'path' or 'flow'" in text


def cli_lineage(home, *args):
    shown = subprocess.run([CLI, "catalog", "lineage", "marts.items", *args], capture_output=True,
                           text=True, timeout=60, env=dict(os.environ, FLOWFILE_HOME=str(home)))
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


def test_a_sub_flow_write_names_the_child_file_and_the_parent_run(ui, ff, home, flow_file):
    # flows/parent.json runs flows/items.json (named relative to itself) as a step.
    parent = {"flowfile_version": "1", "flowfile_id": 2, "flowfile_name": "parent",
              "flowfile_settings": {},
              "nodes": [{"id": 1, "type": "run_flow", "input_ids": [],
                         "setting_input": {"flow_reference": {"flow_path": "items.json"}}}]}
    (home / "flows" / "parent.json").write_text(json.dumps(parent))
    run_id = run(ui, {"path": "flows/parent.json"})
    write = latest_write(ui)
    assert write["run_id"] == run_id and write["flow"] == "flows/items.json"
    assert write["flow_openable"] is True
    child = str(home / "flows" / "items.json")
    recorded = ff.catalog.lineage("marts.items")["writes"][0]
    assert recorded["run_id"] == run_id and recorded["flow_path"] == child
    # The CLI's table names the file inside the workspace relative to it; --json keeps the
    # recorded absolute path.
    text = cli_lineage(home)
    assert "flows/items.json" in text and child not in text and run_id in text
    as_json = json.loads(cli_lineage(home, "--json"))
    assert as_json["writes"][0]["flow_path"] == child
