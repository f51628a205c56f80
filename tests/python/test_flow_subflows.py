"""Sub-flows: flow_input / flow_output / run_flow with Flowfile's semantics, on small flows
this file writes. A run_flow node feeds its parent's frames into the sub-flow's flow_input
nodes (input_connections, handles input-1..N), binds parameters (default, constant, column),
runs once or once per parameter row, returns the sub-flow's flow_output frames, runs the
sub-flow's own writers during a run, and refuses recursion and runaway depth."""

import json
import subprocess

import pytest

from conftest import cli_path


def node(id, type, inputs=(), settings=None, **extra):
    n = {"id": id, "type": type, "description": f"step {id}", "input_ids": list(inputs),
         "outputs": [], "setting_input": settings if settings is not None else {}}
    n.update(extra)
    return n


def manual(id, columns):
    return node(id, "manual_input", settings={"raw_data_format": {
        "columns": [{"name": k, "data_type": "Int64" if isinstance(v[0], int) else "String"}
                    for k, v in columns.items()],
        "data": list(columns.values())}})


def flow_input(id, name, sample=None):
    s = {"input_name": name}
    if sample:
        s["raw_data_format"] = manual(0, sample)["setting_input"]["raw_data_format"]
    return node(id, "flow_input", settings=s)


def sql(id, inputs, code):
    return node(id, "sql_query", inputs=inputs, settings={"sql_query_input": {"sql_code": code}})


def flow_output(id, inputs, name):
    return node(id, "flow_output", inputs=inputs, settings={"output_name": name})


def run_flow(id, path, param_from=None, data=(), **settings):
    connections = []
    if param_from is not None:
        connections.append({"from_id": param_from, "input_handle": "input-0",
                            "source_handle": "output-0"})
    for i, src in enumerate(data):
        connections.append({"from_id": src, "input_handle": f"input-{i + 1}",
                            "source_handle": "output-0"})
    s = {"flow_reference": {"registration_id": 7, "flow_path": str(path)}}
    s.update(settings)
    return node(id, "run_flow", settings=s, input_connections=connections)


def write(path, nodes, parameters=()):
    path.write_text(json.dumps({"flowfile_version": "0.12.0", "flowfile_id": 1,
                                "flowfile_name": path.stem,
                                "flowfile_settings": {"parameters": list(parameters)},
                                "nodes": nodes}))
    return path


def cells(path):
    return [c.strip('"') for c in path.read_text().split()]


@pytest.fixture
def child(tmp_path):
    """Scales each order by ${factor}; tags every row with ${label}."""
    return write(tmp_path / "child.json", [
        flow_input(1, "orders", {"n": [100]}),
        sql(2, [1], "SELECT n, n * ${factor} AS scaled, '${label}' AS label FROM input_1"),
        flow_output(3, [2], "scaled"),
    ], parameters=[{"name": "factor", "type": "integer", "default_value": "1"},
                   {"name": "label", "default_value": "none"}])


def test_a_sub_flow_runs_on_its_own_with_its_sample_data(ff, child):
    assert ff.open_flow(child).frame(3).collect().to_dicts() == [
        {"n": 100, "scaled": 100, "label": "none"}]


def test_run_flow_feeds_the_parent_frame_and_binds_a_constant(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"n": [1, 2, 3]}),
        run_flow(2, "child.json", data=[1], output_slots=["scaled"],
                 parameter_bindings=[{"parameter_name": "factor", "source": "constant",
                                      "constant_value": "10"}]),
    ])
    got = ff.open_flow(parent).frame(2).collect().to_dicts()
    assert got == [{"n": n, "scaled": 10 * n, "label": "none"} for n in (1, 2, 3)]


def test_iterate_runs_once_per_parameter_row_and_appends_metadata(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"n": [1, 2]}),
        manual(2, {"f": [2, 3], "tag": ["x", "y"]}),
        run_flow(3, child, param_from=2, data=[1], output_slots=["scaled"],
                 iteration_mode="iterate",
                 parameter_bindings=[
                     {"parameter_name": "factor", "source": "column", "column_name": "f"},
                     {"parameter_name": "label", "source": "column", "column_name": "tag"}]),
    ])
    df = ff.open_flow(parent).frame(3).collect()
    assert df.columns == ["n", "scaled", "label", "param_factor", "param_label", "run_index"]
    assert [tuple(r.values()) for r in df.to_dicts()] == [
        (1, 2, "x", 2, "x", 1), (2, 4, "x", 2, "x", 1),
        (1, 3, "y", 3, "y", 2), (2, 6, "y", 3, "y", 2)]
    assert str(df.schema["run_index"]).lower().startswith("u")  # UInt32, as Flowfile


def test_first_value_uses_the_first_row_only(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"f": [5, 7]}),
        run_flow(2, child, param_from=1, output_slots=["scaled"],
                 parameter_bindings=[{"parameter_name": "factor", "source": "column",
                                      "column_name": "f"}]),
    ])
    assert ff.open_flow(parent).frame(2).collect().to_dicts() == [
        {"n": 100, "scaled": 500, "label": "none"}]


def test_iterate_over_no_rows_gives_an_empty_output(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"f": [5]}),
        sql(2, [1], "SELECT * FROM input_1 WHERE f < 0"),
        run_flow(3, child, param_from=2, output_slots=["scaled"], iteration_mode="iterate",
                 parameter_bindings=[{"parameter_name": "factor", "source": "column",
                                      "column_name": "f"}]),
    ])
    df = ff.open_flow(parent).frame(3).collect()
    assert df.height == 0 and "scaled" in df.columns and "run_index" in df.columns


def test_without_output_slots_a_summary_row_per_run(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"f": [2, 3]}),
        run_flow(2, child, param_from=1, iteration_mode="iterate",
                 parameter_bindings=[{"parameter_name": "factor", "source": "column",
                                      "column_name": "f"}]),
    ])
    assert ff.open_flow(parent).frame(2).collect().to_dicts() == [
        {"run_index": 1, "success": True, "param_factor": "2"},
        {"run_index": 2, "success": True, "param_factor": "3"}]


def test_the_sub_flow_writers_run_once_per_run(ff, tmp_path):
    out = {"output_settings": {"name": "part_${factor}.csv", "directory": str(tmp_path),
                               "file_type": "csv"}}
    writer = write(tmp_path / "writer.json", [
        flow_input(1, "rows", {"n": [0]}),
        sql(2, [1], "SELECT n * ${factor} AS v FROM input_1"),
        node(3, "output", inputs=[2], settings=out),
    ], parameters=[{"name": "factor", "type": "integer", "default_value": "1"}])
    parent = write(tmp_path / "parent.json", [
        manual(1, {"n": [1, 2]}),
        manual(2, {"f": [10, 20]}),
        run_flow(3, writer, param_from=2, data=[1], iteration_mode="iterate",
                 parameter_bindings=[{"parameter_name": "factor", "source": "column",
                                      "column_name": "f"}]),
    ])
    ff.open_flow(parent).run(dry_run=True)
    assert not list(tmp_path.glob("part_*.csv"))
    result = ff.open_flow(parent).run()
    assert [n.type for n in result.nodes] == ["run_flow"]
    assert cells(tmp_path / "part_10.csv") == ["v", "10", "20"]
    assert cells(tmp_path / "part_20.csv") == ["v", "20", "40"]
    proc = subprocess.run([cli_path(), "run", str(parent)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_downstream_nodes_read_the_sub_flow_result(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"n": [1, 2, 3]}),
        run_flow(2, child, data=[1], output_slots=["scaled"]),
        sql(3, [2], "SELECT sum(scaled) AS total FROM input_1"),
        node(4, "output", inputs=[3], settings={"output_settings": {
            "name": "total.csv", "directory": str(tmp_path), "file_type": "csv"}}),
    ])
    ff.open_flow(parent).run()
    assert cells(tmp_path / "total.csv") == ["total", "6"]


def test_a_flow_running_itself_is_refused(ff, tmp_path):
    me = tmp_path / "me.json"
    write(me, [manual(1, {"n": [1]}), run_flow(2, "me.json", data=[1])])
    with pytest.raises(ff.InvalidArgumentError, match=r"sub-flow recursion \(me.json → me.json\)"):
        ff.open_flow(me).frame(2).collect()


def test_indirect_recursion_is_refused_naming_the_chain(ff, tmp_path):
    write(tmp_path / "a.json", [run_flow(1, "b.json")])
    write(tmp_path / "b.json", [run_flow(1, "a.json")])
    with pytest.raises(ff.FlowRunError, match=r"a.json → b.json → a.json"):
        ff.open_flow(tmp_path / "a.json").run()
    proc = subprocess.run([cli_path(), "run", str(tmp_path / "a.json")], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 1 and "recursion" in proc.stderr


def test_depth_is_bounded(ff, tmp_path):
    for i in range(8):
        write(tmp_path / f"f{i}.json", [run_flow(1, f"f{i + 1}.json")])
    write(tmp_path / "f8.json", [manual(1, {"n": [1]})])
    with pytest.raises(ff.InvalidArgumentError, match=r"nest deeper than 5 levels"):
        ff.open_flow(tmp_path / "f0.json").frame(1).collect()
    assert ff.open_flow(tmp_path / "f4.json").frame(1).collect().height == 1  # 4 levels: fine


@pytest.mark.parametrize("settings, expected", [
    ({"output_slots": ["scaledd"]}, "has no flow_input/flow_output named scaledd"),
    ({"parameter_bindings": [{"parameter_name": "factr", "source": "constant",
                              "constant_value": "1"}]}, "did you mean 'factor'"),
    ({"parameter_bindings": [{"parameter_name": "factor", "source": "constant",
                              "constant_value": "ten"}]}, "is not an integer"),
    ({"iteration_mode": "each"}, "iteration_mode"),
])
def test_bad_settings_are_named(ff, tmp_path, child, settings, expected):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"n": [1]}), run_flow(2, child, data=[1], **dict({"output_slots": ["scaled"]},
                                                                     **settings))])
    with pytest.raises(ff.FlowfileError, match=expected) as info:
        ff.open_flow(parent).frame(2).collect()
    assert "node 2 (run_flow" in str(info.value)


def test_a_missing_sub_flow_or_a_registration_only_reference_is_named(ff, tmp_path):
    parent = write(tmp_path / "parent.json", [run_flow(1, "nope.json")])
    with pytest.raises(ff.NotFoundError, match=r"node 1 \(run_flow.*nope.json"):
        ff.open_flow(parent).frame(1).collect()
    only_id = node(1, "run_flow", settings={"flow_reference": {"registration_id": 3}})
    with pytest.raises(ff.FlowfileError, match="flow registrations are not kept here"):
        ff.open_flow(write(tmp_path / "p2.json", [only_id])).frame(1).collect()


def test_a_flow_input_without_data_or_parent_is_named(ff, tmp_path):
    path = write(tmp_path / "lonely.json", [flow_input(1, "rows"), flow_output(2, [1], "out")])
    with pytest.raises(ff.FlowfileError, match="no sample data and no run_flow node feeds it"):
        ff.open_flow(path).frame(2).collect()


def test_sub_flow_node_types_are_registered(ff):
    types = {t["key"]: t for t in ff.node_types()}
    assert types["flow_input"]["group"] == "input"
    assert types["flow_output"]["group"] == "output"
    props = types["run_flow"]["settings_schema"]["properties"]
    assert props["iteration_mode"]["enum"] == ["first_value", "iterate"]


def test_generated_python_runs_a_sub_flow_on_its_own_with_its_parameters(ff, child):
    code = ff.open_flow(child).to_code("python")
    namespace = {}
    exec(compile(code, "child_flow.py", "exec"), namespace)
    frames = namespace["run_flow"](factor="3", label="x")
    got = [f.collect().to_dicts() for f in frames.values()]
    assert [{"n": 100, "scaled": 300, "label": "x"}] in got


def test_generating_code_for_run_flow_names_the_node_and_the_way_out(ff, tmp_path, child):
    parent = write(tmp_path / "parent.json", [
        manual(1, {"n": [1]}), run_flow(2, "child.json", data=[1], output_slots=["scaled"])])
    for target in ("python", "cpp", "sql"):
        with pytest.raises(ff.FlowfileError, match=r"step 2.*runs another flow file.*flowfile run"):
            ff.open_flow(parent).to_code(target)
