"""Which flows use a connection (the warning before deleting it), against the real `flowfile ui`:
flow files in the home's flows/ folder are read by the core's loader, never searched as text."""

import json

import pytest

from test_web_api import UiServer, make_sqlite, pytestmark  # noqa: F401  (skip without CLI)


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    yield server
    server.stop()


def node(id, type, inputs=(), settings=None):
    return {"id": id, "type": type, "description": f"step {id}", "input_ids": list(inputs),
            "outputs": [], "setting_input": settings or {}}


def db_reader(id, name, mode="reference"):
    return node(id, "database_reader", settings={"database_settings": {
        "connection_mode": mode, "database_connection_name": name, "table_name": "orders"}})


def db_writer(id, name, inputs):
    return node(id, "database_writer", inputs, {"database_write_settings": {
        "connection_mode": "reference", "database_connection_name": name,
        "table_name": "copy", "if_exists": "replace"}})


def cloud_reader(id, name):
    return node(id, "cloud_storage_reader", settings={"cloud_storage_settings": {
        "connection_name": name, "resource_path": "s3://bucket/a.parquet",
        "file_format": "parquet"}})


def write_flow(home, name, nodes):
    (home / "flows" / "team").mkdir(parents=True, exist_ok=True)
    doc = {"flowfile_version": "0.12.0", "flowfile_id": 1, "flowfile_name": name,
           "flowfile_settings": {}, "nodes": nodes}
    (home / "flows" / name).write_text(json.dumps(doc))


def test_usage_names_the_flows_and_nodes_that_use_a_connection(ui, home, tmp_path):
    make_sqlite(tmp_path / "shop.sqlite")
    ui.json("POST", "/api/v1/connections/database",
            {"connection_name": "shop", "database_type": "sqlite",
             "database": str(tmp_path / "shop.sqlite")})
    ui.json("POST", "/api/v1/connections/database",
            {"connection_name": "shop2", "database_type": "sqlite",
             "database": str(tmp_path / "shop.sqlite")})
    ui.json("POST", "/api/v1/connections/cloud",
            {"connection_name": "lake", "storage_type": "s3", "auth_method": "access_key",
             "aws_region": "eu-west-1", "aws_access_key_id": "AKIAEXAMPLE",
             "aws_secret_access_key": "not-a-real-secret", "endpoint_url": "http://127.0.0.1:1",
             "aws_allow_unsafe_html": True})
    write_flow(home, "copy.json", [db_reader(1, "shop"), db_writer(2, "shop", [1])])
    write_flow(home, "team/other.json", [db_reader(4, "shop2"), cloud_reader(5, "lake")])
    # The name appears only in a description here: a text search would count it, the loader
    # does not.
    decoy = db_reader(7, "shop2")
    decoy["description"] = "mentions shop"
    write_flow(home, "decoy.json", [decoy])
    (home / "flows" / "broken.json").write_text("{not json")

    shop = ui.json("GET", "/api/v1/connections/database/shop/usage")
    assert shop["connection"] == "shop"
    assert shop["flows"] == [{"path": "flows/copy.json", "nodes": [1, 2]}]
    assert shop["unreadable"] == ["flows/broken.json"]
    shop2 = ui.json("GET", "/api/v1/connections/database/shop2/usage")
    assert [f["path"] for f in shop2["flows"]] == ["flows/decoy.json", "flows/team/other.json"]
    lake = ui.json("GET", "/api/v1/connections/cloud/lake/usage")
    assert lake["flows"] == [{"path": "flows/team/other.json", "nodes": [5]}]
    # A database connection of the same name is not a cloud one.
    assert ui.request("GET", "/api/v1/connections/cloud/shop/usage")[0] == 404
    status, _, text = ui.request("GET", "/api/v1/connections/database/nope/usage")
    assert status == 404 and "nope" in text
    ui.assert_never_said("not-a-real-secret")


def test_usage_of_an_unused_connection_is_empty(ui, tmp_path):
    make_sqlite(tmp_path / "shop.sqlite")
    ui.json("POST", "/api/v1/connections/database",
            {"connection_name": "idle", "database_type": "sqlite",
             "database": str(tmp_path / "shop.sqlite")})
    usage = ui.json("GET", "/api/v1/connections/database/idle/usage")
    assert usage == {"connection": "idle", "flows": [], "unreadable": []}
