"""The settings drawer's API of `flowfile ui`: predicted schemas of a flow being edited, the
formula language's functions and live formula checks, and the registry's widget annotations;
against the real server process on a temp Flowfile home."""

import json

import pytest

from test_web_api import UiServer, pytestmark  # noqa: F401  (skip without CLI)


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    yield server
    server.stop()


def node(node_id, node_type, settings, inputs=(), right=None, description=""):
    return {"id": node_id, "type": node_type, "description": description, "settings": settings,
            "position": {"x": 0, "y": 0},
            "inputs": {"main": list(inputs), "right": right, "left": None}}


def manual(node_id, columns, data):
    return node(node_id, "manual_input", {"raw_data_format": {
        "columns": [{"name": n, "data_type": t} for n, t in columns], "data": data}})


def shop_flow():
    """Items (price, qty) filtered on price, a total computed; a join with a city list."""
    return {"name": "shop", "nodes": [
        manual(1, [("price", "Int64"), ("qty", "Int64"), ("city_id", "Int64")],
               [[5, 20, 40], [1, 2, 3], [1, 2, 1]]),
        node(2, "filter", {"filter_input": {"mode": "basic", "basic_filter": {
            "field": "price", "operator": "greater_than", "value": "10"}}}, [1]),
        node(3, "formula", {"function": {"field": {"name": "total", "data_type": "Auto"},
                                         "function": "[price] * [qty]"}}, [2]),
        manual(4, [("id", "Int64"), ("city", "String")], [[1, 2], ["Oslo", "Rome"]]),
        node(5, "join", {"join_input": {"join_mapping": [{"left_col": "city_id", "right_col": "id"}],
                                        "how": "inner"}}, [3], right=4),
        node(6, "formula", {"function": {"field": {"name": "bad", "data_type": "Auto"},
                                         "function": "[nope] + 1"}}, [3]),
    ]}


def names(columns):
    return [c["name"] for c in columns]


def test_settings_routes_are_in_the_route_table(ui):
    doc = ui.json("GET", "/api/v1/openapi.json")
    operations = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    assert {("POST", "/api/v1/flows/schemas"), ("GET", "/api/v1/formula/functions"),
            ("POST", "/api/v1/formula/validate")} <= operations


def test_schemas_give_each_node_its_columns_and_its_inputs(ui):
    nodes = ui.json("POST", "/api/v1/flows/schemas", {"flow": shop_flow()})["nodes"]
    assert set(nodes) == {"1", "2", "3", "4", "5", "6"}
    assert nodes["1"]["columns"] == [{"name": "price", "type": "Int64"},
                                     {"name": "qty", "type": "Int64"},
                                     {"name": "city_id", "type": "Int64"}]
    assert nodes["1"]["inputs"] == {"main": []}
    assert names(nodes["3"]["columns"]) == ["price", "qty", "city_id", "total"]
    assert nodes["3"]["inputs"]["main"][0]["node"] == 2
    assert names(nodes["3"]["inputs"]["main"][0]["columns"]) == ["price", "qty", "city_id"]
    join = nodes["5"]["inputs"]
    assert names(join["main"][0]["columns"]) == ["price", "qty", "city_id", "total"]
    assert join["right"] == {"node": 4, "columns": [{"name": "id", "type": "Int64"},
                                                    {"name": "city", "type": "String"}]}
    assert "city" in names(nodes["5"]["columns"])


def test_a_node_that_cannot_be_predicted_carries_its_error_and_still_its_inputs(ui):
    nodes = ui.json("POST", "/api/v1/flows/schemas", {"flow": shop_flow()})["nodes"]
    broken = nodes["6"]
    assert "columns" not in broken
    assert "nope" in broken["error"] and "unknown column" in broken["error"]
    assert names(broken["inputs"]["main"][0]["columns"]) == ["price", "qty", "city_id", "total"]
    # The rest of the flow is predicted as usual: one node's error is not the flow's.
    assert "columns" in nodes["5"]


def test_schemas_of_a_saved_flow_by_path_and_bad_bodies(ui, home):
    (home / "flows").mkdir(parents=True, exist_ok=True)
    saved = ui.json("PUT", "/api/v1/flows/file?path=flows/shop.yaml", shop_flow())
    assert saved["nodes"] == 6
    nodes = ui.json("POST", "/api/v1/flows/schemas", {"path": "flows/shop.yaml"})["nodes"]
    assert names(nodes["2"]["columns"]) == ["price", "qty", "city_id"]
    status, _, text = ui.request("POST", "/api/v1/flows/schemas", {})
    assert status == 400 and "either 'path' or 'flow'" in text
    status, _, text = ui.request("POST", "/api/v1/flows/schemas", {"path": "../etc/passwd"})
    assert status == 400
    status, _, text = ui.request("POST", "/api/v1/flows/schemas",
                                 {"flow": {"nodes": [{"id": "x", "type": "filter"}]}})
    assert status == 400 and "integer 'id'" in text


def test_functions_come_from_the_compiler_table(ui):
    functions = ui.json("GET", "/api/v1/formula/functions")
    assert len(functions) >= 90
    by_name = {f["name"]: f for f in functions}
    assert len(by_name) == len(functions), "each function listed once"
    for f in functions:
        assert f["name"] and f["group"] and f["signature"] and f["description"], f
    assert {"Logic", "String", "Math", "Date"} <= {f["group"] for f in functions}
    assert functions == sorted(functions, key=lambda f: (f["group"], f["name"]))
    assert by_name["contains"]["signature"].startswith("contains(")
    # Every listed name is one the parser knows (the list cannot drift from the parser).
    for name in by_name:
        check = ui.json("POST", "/api/v1/formula/validate", {"formula": f"{name}()"})
        assert "unknown function" not in check.get("message", ""), (name, check)
    unknown = ui.json("POST", "/api/v1/formula/validate", {"formula": "containz([a], 'x')"})
    assert unknown["ok"] is False and "contains" in unknown["message"]


COLUMNS = [{"name": "price", "type": "Float64"}, {"name": "qty", "type": "Int64"},
           {"name": "city", "type": "String"},
           {"name": "day", "type": "Datetime(time_unit='us', time_zone=None)"}]


def validate(ui, formula, columns=COLUMNS):
    body = {"formula": formula} if columns is None else {"formula": formula, "columns": columns}
    return ui.json("POST", "/api/v1/formula/validate", body)


def test_a_valid_formula_gives_its_type(ui):
    assert validate(ui, "[price] * [qty]") == {"ok": True, "type": "Float64"}
    assert validate(ui, "[qty] > 2 and contains([city], 'o')") == {"ok": True, "type": "Boolean"}
    assert validate(ui, "year([day])")["ok"] is True
    # Without columns only the syntax is checked, and no type is given.
    assert validate(ui, "[anything] + 1", columns=None) == {"ok": True}


def test_an_error_says_what_and_where(ui):
    text = "[price] * (2 + "
    check = validate(ui, text)
    assert check["ok"] is False
    assert check["position"] == len(text)
    assert "end of the formula" in check["message"]
    assert "\n" not in check["message"], "the excerpt with a caret is left to the editor"
    check = validate(ui, 'if [qty] > 1 then "big" else "small"')
    assert check["ok"] is False and "endif" in check["message"]
    # A type error points at its operand.
    check = validate(ui, '[qty] + "x" > [city]')
    assert check["ok"] is False and check["position"] >= 0


def test_an_unknown_column_names_the_closest(ui):
    text = "[price] * [qtyy]"
    check = validate(ui, text)
    assert check["ok"] is False
    assert "unknown column [qtyy]" in check["message"] and "[qty]" in check["message"]
    assert check["position"] == text.index("[qtyy]")
    assert (check["line"], check["column"]) == (1, text.index("[qtyy]") + 1)


def test_positions_count_characters_and_lines(ui):
    text = 'concat("héllo wörld",\n  [nope])'
    check = validate(ui, text)
    assert check["ok"] is False
    assert check["position"] == text.index("[nope]")
    assert check["line"] == 2 and check["column"] == 3


def test_bad_validate_bodies_are_refused_in_our_words(ui):
    status, _, text = ui.request("POST", "/api/v1/formula/validate", {"columns": []})
    assert status == 400 and "'formula' is required" in text
    status, _, text = ui.request("POST", "/api/v1/formula/validate", {"formula": 3})
    assert status == 400 and "body.formula" in text and "expected string" in text
    status, _, text = ui.request("POST", "/api/v1/formula/validate",
                                 {"formula": "[a]", "columns": [{"name": "a", "type": "Bogus"}]})
    assert status == 400 and "column 'a'" in text and "'Bogus'" in text
    status, _, text = ui.request("POST", "/api/v1/formula/validate",
                                 {"formula": "1" * 70000})
    assert status == 400 and "at most" in text
    status, _, text = ui.request("POST", "/api/v1/formula/validate", {"formula": "(" * 5000})
    assert status == 200 and json.loads(text)["ok"] is False, "deep nesting is an error, not a crash"


def find(schema, path):
    for key in path:
        schema = schema["items"] if key == "[]" else schema["properties"][key]
    return schema


def test_the_registry_says_which_fields_are_columns_and_formulas(ui):
    types = {t["key"]: t["settings_schema"] for t in ui.json("GET", "/api/v1/nodes")}
    field = find(types["filter"], ["filter_input", "basic_filter", "field"])
    assert field["x-flowfile-widget"] == "column" and "x-flowfile-input" not in field
    assert find(types["filter"], ["filter_input", "advanced_filter"])["x-flowfile-widget"] == "formula"
    assert find(types["formula"], ["function", "function"])["x-flowfile-widget"] == "formula"
    assert find(types["unique"], ["unique_input", "columns"])["x-flowfile-widget"] == "columns"
    right = find(types["join"], ["join_input", "join_mapping", "[]", "right_col"])
    assert right["x-flowfile-widget"] == "column" and right["x-flowfile-input"] == "right"
    kept = find(types["join"], ["join_input", "right_select", "select", "[]", "old_name"])
    assert kept["x-flowfile-input"] == "right"
    # Forms show the settings in the registry's order (JSON objects keep none).
    assert types["filter"]["properties"]["filter_input"]["x-flowfile-order"] == [
        "mode", "basic_filter", "advanced_filter"]
    # No string field named like a column is left without a widget.
    def walk(s, path):
        if s.get("type") == "string" and path and path[-1] in ("field", "column", "left_col",
                                                               "right_col", "old_name"):
            yield path, s
        for k, p in s.get("properties", {}).items():
            yield from walk(p, path + [k])
        if isinstance(s.get("items"), dict):
            yield from walk(s["items"], path + ["[]"])
    for key, schema in types.items():
        for path, s in walk(schema, []):
            assert s.get("x-flowfile-widget") == "column", (key, path)


def test_the_registry_says_which_fields_belong_to_which_mode(ui):
    types = {t["key"]: t["settings_schema"] for t in ui.json("GET", "/api/v1/nodes")}
    filter_input = find(types["filter"], ["filter_input"])
    assert filter_input["properties"]["basic_filter"]["x-flowfile-when"] == {"mode": ["basic"]}
    assert filter_input["properties"]["advanced_filter"]["x-flowfile-when"] == {"mode": ["advanced"]}
    assert types["filter"]["properties"]["split_mode"]["x-flowfile-hidden"] is True
    delimiter = find(types["read"], ["received_file", "table_settings", "delimiter"])
    assert delimiter["x-flowfile-when"] == {"/received_file/file_type": ["csv"]}
    group_columns = find(types["record_id"], ["record_id_input", "group_by_columns"])
    assert group_columns["x-flowfile-when"] == {"group_by": [True]}

    def resolve(root, siblings, key):
        if not key.startswith("/"):
            return siblings.get(key)
        at = root
        for part in key.split("/")[1:]:
            at = at.get("properties", {}).get(part, {})
        return at or None

    def walk(root, s, path):
        for k, p in s.get("properties", {}).items():
            for key, values in p.get("x-flowfile-when", {}).items():
                target = resolve(root, s["properties"], key)
                assert target is not None, (path + [k], key)
                allowed = target.get("enum") or ([True, False] if target.get("type") == "boolean" else [])
                assert values and all(v in allowed for v in values), (path + [k], key, values)
            walk(root, p, path + [k])
        if isinstance(s.get("items"), dict):
            walk(root, s["items"], path + ["[]"])
    for key, schema in types.items():
        walk(schema, schema, [key])


def test_type_settings_are_choices_of_the_core_names(ui):
    types = {t["key"]: t["settings_schema"] for t in ui.json("GET", "/api/v1/nodes")}
    select_type = find(types["select"], ["select_input", "[]", "data_type"])
    assert {"String", "Int64", "Float64", "Date", "Datetime"} <= set(select_type["enum"])
    assert "default" not in select_type  # unset: the column keeps its type
    spellings = select_type["x-flowfile-type-name"]
    assert {"integer", "str", "utf8"} <= set(spellings["aliases"])
    assert {"List", "Datetime", "Decimal"} <= set(spellings["parameterized"])
    assert find(types["formula"], ["function", "field", "data_type"])["enum"][0] == "Auto"
    manual = find(types["manual_input"], ["raw_data_format", "columns", "[]", "data_type"])
    assert manual["default"] == "String" and "Int64" in manual["enum"]
    assert "Int64" in find(types["flow_input"], ["raw_data_format", "columns", "[]", "data_type"])["enum"]


def test_settings_of_other_modes_and_hidden_ones_survive_a_save(ui):
    flow = {"name": "modes", "nodes": [
        manual(1, [("price", "Int64")], [[5, 20]]),
        node(2, "filter", {"filter_input": {
            "mode": "advanced", "advanced_filter": "[price] > 10",
            "basic_filter": {"field": "price", "operator": "less_than", "value": "7"}},
            "split_mode": True}, [1])]}
    ui.json("PUT", "/api/v1/flows/file?path=flows/modes.yaml", flow)
    saved = ui.json("GET", "/api/v1/flows/file?path=flows/modes.yaml")
    settings = next(n for n in saved["nodes"] if n["id"] == 2)["settings"]
    assert settings["split_mode"] is True
    assert settings["filter_input"]["basic_filter"]["value"] == "7"
    assert settings["filter_input"]["advanced_filter"] == "[price] > 10"


def test_no_secret_reaches_a_settings_response(ui):
    ui.json("PUT", "/api/v1/secrets/api_token", {"value": "tok-Settings-77ab-Plaintext"})
    ui.json("POST", "/api/v1/flows/schemas", {"flow": shop_flow()})
    validate(ui, "[price]")
    ui.assert_never_said("tok-Settings-77ab-Plaintext")
