"""Bad flow files get an error naming the file, node and field — never a crash, never
minutes of work; unknown and non-runnable node types open, save and refuse to run by name;
parameters resolve; a flow never carries a password."""

import json
import subprocess
import time

import pytest

from conftest import cli_path


def node(id, type, inputs=(), settings=None, **extra):
    n = {"id": id, "type": type, "description": f"step {id}", "input_ids": list(inputs),
         "outputs": [], "setting_input": settings if settings is not None else {}}
    n.update(extra)
    return n


def manual(id=1, rows=((1, "a"), (2, "b"), (3, "c"))):
    return node(id, "manual_input", settings={"raw_data_format": {
        "columns": [{"name": "n", "data_type": "Int64"}, {"name": "s", "data_type": "String"}],
        "data": [[r[0] for r in rows], [r[1] for r in rows]]}})


def write_flow(tmp_path, nodes, name="flow.json", **settings):
    doc = {"flowfile_version": "0.12.0", "flowfile_id": 1, "flowfile_name": "t",
           "flowfile_settings": settings, "nodes": nodes}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def run_cli(*args, cwd=None, timeout=60):
    return subprocess.run([cli_path(), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


@pytest.mark.parametrize("nodes, expected", [
    ([node(1, "filter", inputs=[1])], "form a cycle"),
    ([manual(1), node(2, "sort", inputs=[3]), node(3, "sort", inputs=[2])], "form a cycle"),
    ([manual(1), manual(1)], "the id 1 is used by two nodes"),
    ([manual(1), node(2, "sort", inputs=[7])], "names node 7, which is not in the file"),
    ([{"id": "x", "type": "sort"}], "'id' must be an integer"),
    ([{"id": 1}], "the field 'type'"),
    ([dict(node(1, "sort"), input_ids="1")], "'input_ids' must be a list"),
    ([node(1, "sort", settings=[1, 2])], "'setting_input' must be a mapping"),
])
def test_malformed_flows_are_refused_by_node_and_field(ff, tmp_path, nodes, expected):
    path = write_flow(tmp_path, nodes)
    with pytest.raises(ff.InvalidArgumentError) as info:
        ff.open_flow(path)
    assert expected in str(info.value) and "flow.json" in str(info.value)
    proc = run_cli("run", path)
    assert proc.returncode == 1 and expected in proc.stderr and "Segmentation" not in proc.stderr


@pytest.mark.parametrize("text, expected", [
    ("nodes: [1, 2", "invalid YAML at line"),
    ("- just\n- a list\n", "not a mapping"),
    ("flowfile_name: x\n", "has no 'nodes' list"),
])
def test_bad_yaml_names_the_problem(ff, tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ff.InvalidArgumentError, match=expected):
        ff.open_flow(path)


def test_billion_laughs_fails_fast(ff, tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},"
                     f"*{prev},*{prev}]")
    lines.append("nodes: [*i]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.monotonic()
    with pytest.raises(ff.InvalidArgumentError, match="too large once its aliases are expanded"):
        ff.open_flow(path)
    assert time.monotonic() - start < 10


def test_a_5000_node_chain_opens_and_runs(ff, tmp_path):
    nodes = [manual(1)]
    for i in range(2, 5001):
        nodes.append(node(i, "sort", inputs=[i - 1], settings={
            "sort_input": [{"column": "n", "how": "desc" if i % 2 else "asc"}]}))
    path = write_flow(tmp_path, nodes)
    start = time.monotonic()
    flow = ff.open_flow(path)
    assert len(flow.nodes) == 5000
    assert time.monotonic() - start < 5


def test_unknown_types_open_save_and_refuse_to_run_by_name(ff, tmp_path):
    custom = node(2, "filtr", inputs=[1], settings={"anything": [1, {"kept": True}]},
                  extra_key="verbatim")
    path = write_flow(tmp_path, [manual(1), custom])
    flow = ff.open_flow(path)
    assert not flow.node(2).runnable
    saved = tmp_path / "saved.json"
    flow.save(saved)
    again = json.loads(saved.read_text())["nodes"][1]
    assert again["extra_key"] == "verbatim" and again["setting_input"]["anything"][1] == {"kept": True}
    with pytest.raises(ff.FlowRunError, match="did you mean 'filter'"):
        flow.run()


def test_polars_code_is_refused_and_suggests_sql(ff, tmp_path):
    code = node(2, "polars_code", inputs=[1], settings={"polars_code_input": {
        "polars_code": "input_df.filter(pl.col('n') > 1)"}})
    out = node(3, "output", inputs=[2], settings={"output_settings": {
        "name": "o.csv", "directory": str(tmp_path), "file_type": "csv"}})
    flow = ff.open_flow(write_flow(tmp_path, [manual(1), code, out]))
    with pytest.raises(ff.FlowRunError) as info:
        flow.run()
    assert "node 2 (polars_code" in str(info.value) and "sql_query" in str(info.value)
    assert info.value.node_id == 2 and not (tmp_path / "o.csv").exists()


def test_parameters_resolve_in_settings_and_override_from_the_cli(ff, tmp_path):
    flt = node(2, "filter", inputs=[1], settings={"filter_input": {
        "mode": "basic", "basic_filter": {"field": "s", "operator": "equals",
                                          "value": "${letter}"}}})
    out = node(3, "output", inputs=[2], settings={"output_settings": {
        "name": "${stem}.csv", "directory": str(tmp_path), "file_type": "csv"}})
    path = write_flow(tmp_path, [manual(1), flt, out], parameters=[
        {"name": "letter", "default_value": "b"}, {"name": "stem", "default_value": "out"}])
    ff.open_flow(path).run()
    assert (tmp_path / "out.csv").read_text().splitlines()[1:] == ['"2","b"']
    proc = run_cli("run", path, "--param", "letter=c", "--param", "stem=other")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "other.csv").read_text().splitlines()[1:] == ['"3","c"']
    proc = run_cli("run", path, "--param", "leter=c")  # unknown names add a parameter
    assert proc.returncode == 0, proc.stderr


def test_an_undeclared_parameter_fails_naming_it(ff, tmp_path):
    out = node(2, "output", inputs=[1], settings={"output_settings": {
        "name": "${nme}.csv", "directory": str(tmp_path), "file_type": "csv"}})
    path = write_flow(tmp_path, [manual(1), out], parameters=[{"name": "name"}])
    with pytest.raises(ff.FlowRunError, match=r"\$\{nme\}.*did you mean 'name'"):
        ff.open_flow(path).run()


def test_a_typed_parameter_must_parse(ff, tmp_path):
    path = write_flow(tmp_path, [manual(1)],
                      parameters=[{"name": "n", "type": "integer", "default_value": "x"}])
    with pytest.raises(ff.InvalidArgumentError, match="declared integer"):
        ff.open_flow(path)


def test_saving_an_inline_password_is_refused(ff, tmp_path):
    reader = node(1, "database_reader", settings={"database_settings": {
        "connection_mode": "inline", "database_connection": {
            "database_type": "postgresql", "username": "u", "password": "hunter2",
            "host": "h"}}})
    flow = ff.open_flow(write_flow(tmp_path, [reader]))
    with pytest.raises(ff.InvalidArgumentError, match="holds a database password"):
        flow.save(tmp_path / "out.yaml")
    assert not (tmp_path / "out.yaml").exists()


def test_a_missing_data_file_names_the_node_and_path(ff, tmp_path):
    read = node(1, "read", settings={"received_file": {
        "path": str(tmp_path / "nope.csv"), "file_type": "csv"}})
    out = node(2, "output", inputs=[1], settings={"output_settings": {
        "name": "o.csv", "directory": str(tmp_path), "file_type": "csv"}})
    with pytest.raises(ff.FlowRunError, match=r"node 1 \(read 'step 1'\).*nope\.csv"):
        ff.open_flow(write_flow(tmp_path, [read, out])).run()


def test_every_sink_runs_and_a_failure_stops_the_run(ff, tmp_path):
    outs = [node(i, "output", inputs=[1], settings={"output_settings": {
        "name": f"o{i}.{kind}", "directory": str(tmp_path), "file_type": kind}})
        for i, kind in ((2, "csv"), (3, "parquet"), (4, "ndjson"))]
    result = ff.open_flow(write_flow(tmp_path, [manual(1), *outs])).run()
    assert [n.rows for n in result.nodes] == [3, 3, 3]
    assert ff.read_parquet(tmp_path / "o3.parquet").collect().height == 3
    assert len((tmp_path / "o4.ndjson").read_text().splitlines()) == 3


def test_node_types_come_from_the_registry(ff):
    types = {t["key"]: t for t in ff.node_types()}
    assert {"read", "filter", "join", "group_by", "output", "polars_code"} <= set(types)
    assert types["join"]["right_input"] and not types["polars_code"]["runnable"]
    assert types["filter"]["settings_schema"]["type"] == "object"
    proc = run_cli("nodes", "--json")
    assert proc.returncode == 0 and {t["key"] for t in json.loads(proc.stdout)} == set(types)
    proc = run_cli("nodes", "describe", "jion")
    assert proc.returncode == 3 and "join" in proc.stderr
