"""The seed's "Code that documents itself" example, exactly as the article prints it."""

SEED = '''
import flowfile as ff

result = (
ff.from_dict({
"id": [1, 2, 3, 4, 5],
"category": ["A", "B", "A", "C", "B"],
"value": [100, 200, 150, 300, 250],
})
.filter(ff.col("value") > 120, description="Drop low-value rows")
.with_columns(
[
(ff.col("value") * 1.1).alias("adjusted_value"),
ff.when(ff.col("category") == "A").then(ff.lit("Premium"))
.when(ff.col("category") == "B").then(ff.lit("Standard"))
.otherwise(ff.lit("Basic"))
.alias("tier"),
],
description="Compute adjusted value and pricing tier",
)
.group_by("tier")
.agg(
[
ff.col("adjusted_value").sum().alias("total_value"),
ff.col("id").count().alias("count"),
]
)
)
df_result = result.collect()
ff.open_graph_in_editor(result.flow_graph)
'''


def test_seed_example_runs_unchanged_with_right_totals(ff):
    scope = {}
    exec(compile(SEED, "seed", "exec"), scope)
    df = scope["df_result"]
    totals = {r[0]: (round(r[1], 9), r[2]) for r in df.rows()}
    # 150 -> Premium 165; 200 + 250 -> Standard 495 (2 rows); 300 -> Basic 330; 100 filtered out.
    assert totals == {"Premium": (165.0, 1), "Standard": (495.0, 2), "Basic": (330.0, 1)}
    graph = scope["result"].flow_graph
    labels = [(n.node_type, n.description) for n in graph.nodes]
    assert ("filter", "Drop low-value rows") in labels
    assert ("formula", "Compute adjusted value and pricing tier") in labels
    assert [n.node_type for n in graph.nodes] == ["manual_input", "filter", "formula", "group_by"]
    assert graph.nodes[1].input_ids == [1] and graph.nodes[3].input_ids == [3]


def test_unknown_column_names_node_and_closest(ff):
    frame = ff.from_dict({"value": [1], "category": ["A"]})
    try:
        frame.filter(ff.col("valeu") > 1, description="Drop low-value rows")
    except ff.NotFoundError as e:
        message = str(e)
    else:
        raise AssertionError("an unknown column must fail at the call")
    assert "valeu" in message and "Drop low-value rows" in message and "'value'" in message


def test_saved_flow_reopens_to_the_same_result(ff, tmp_path):
    frame = (ff.from_dict({"k": ["a", "b", "a"], "v": [1, 2, 3]})
             .with_columns((ff.col("v") * 2).alias("w"), description="double")
             .group_by("k").agg(ff.col("w").sum())
             .sort("k"))
    for name in ("flow.yaml", "flow.json"):
        frame.save_graph(tmp_path / name)
        again = ff.open_flow(tmp_path / name)
        assert again.collect().rows() == [("a", 8), ("b", 4)]
        assert [n.description for n in again.flow_graph.nodes][1] == "double"
