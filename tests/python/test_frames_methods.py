"""Every FlowFrame method of issue #8 on small inputs, with expected values worked out by hand
(Polars semantics), plus the graph each builds and the errors a wrong call gives."""

import pytest


def as_dict(frame):
    return frame.collect().to_dict(as_series=False)


@pytest.fixture
def people(ff):
    return ff.from_dict({"id": [1, 2, 3, 4], "name": ["ann", "bob", None, "dan"],
                         "age": [30, None, 25, 41], "city": ["x", "y", "x", "z"]})


# ---- rows


def test_filter_with_keyword_constraints(ff, people):
    assert as_dict(people.filter(city="x"))["id"] == [1, 3]
    assert as_dict(people.filter(ff.col("age") > 26, ff.col("city") != "z"))["id"] == [1]


def test_head_limit_tail_slice(ff, people):
    assert as_dict(people.head(2))["id"] == [1, 2]
    assert as_dict(people.limit(3))["id"] == [1, 2, 3]
    assert as_dict(people.tail(2))["id"] == [3, 4]
    assert as_dict(people.slice(1, 2))["id"] == [2, 3]
    assert as_dict(people.slice(2))["id"] == [3, 4]
    assert as_dict(people.slice(-3, 2))["id"] == [2, 3]


def test_sample_by_n_and_fraction_with_seed(ff):
    frame = ff.from_dict({"x": list(range(100))})
    first = as_dict(frame.sample(10, seed=7))["x"]
    assert len(first) == 10 and len(set(first)) == 10 and set(first) <= set(range(100))
    assert as_dict(frame.sample(10, seed=7))["x"] == first  # the seed makes it repeatable
    assert frame.sample(fraction=0.25, seed=1).collect().height == 25
    assert frame.sample(fraction=0.0, seed=1).collect().height == 0


def test_sort_puts_nulls_first_by_default(ff, people):
    assert as_dict(people.sort("age"))["id"] == [2, 3, 1, 4]
    assert as_dict(people.sort("age", nulls_last=True))["id"] == [3, 1, 4, 2]
    assert as_dict(people.sort("age", descending=True))["id"] == [2, 4, 1, 3]
    assert as_dict(people.sort("age", descending=True, nulls_last=True))["id"] == [4, 1, 3, 2]


def test_sort_by_several_keys_and_expressions(ff, people):
    assert as_dict(people.sort(["city", "id"], descending=[False, True]))["id"] == [3, 1, 2, 4]
    assert as_dict(people.sort(ff.col("id") % 2, "id"))["id"] == [2, 4, 1, 3]


def test_unique_keep_variants(ff):
    frame = ff.from_dict({"k": ["a", "b", "a", "c", "a"], "v": [1, 2, 3, 4, 5]})
    assert as_dict(frame.unique("k", keep="first", maintain_order=True)) == {
        "k": ["a", "b", "c"], "v": [1, 2, 4]}
    assert as_dict(frame.unique("k", keep="last", maintain_order=True)) == {
        "k": ["b", "c", "a"], "v": [2, 4, 5]}
    assert as_dict(frame.unique("k", keep="none", maintain_order=True)) == {
        "k": ["b", "c"], "v": [2, 4]}
    any_row = frame.unique("k", keep="any").sort("k").collect()
    assert any_row["k"].to_list() == ["a", "b", "c"]
    assert any_row["v"].to_list()[0] in (1, 3, 5)


def test_unique_over_all_columns(ff):
    frame = ff.from_dict({"a": [1, 1, 2, 1], "b": ["x", "x", "y", "z"]})
    assert as_dict(frame.unique(maintain_order=True)) == {"a": [1, 2, 1], "b": ["x", "y", "z"]}


def test_drop_nulls_and_fill_null(ff, people):
    assert as_dict(people.drop_nulls())["id"] == [1, 4]
    assert as_dict(people.drop_nulls("age"))["id"] == [1, 3, 4]
    filled = as_dict(people.select("id", "age").fill_null(0))
    assert filled == {"id": [1, 2, 3, 4], "age": [30, 0, 25, 41]}
    assert as_dict(people.select("name").fill_null("?"))["name"] == ["ann", "bob", "?", "dan"]


# ---- columns


def test_select_with_names_exprs_and_keywords(ff, people):
    df = people.select("id", ff.col("age") + 1, doubled=ff.col("id") * 2).collect()
    assert df.columns == ["id", "age", "doubled"]
    assert df.to_dict(as_series=False) == {"id": [1, 2, 3, 4], "age": [31, None, 26, 42],
                                           "doubled": [2, 4, 6, 8]}


def test_with_columns_list_args_and_keywords(ff, people):
    via_list = people.with_columns([(ff.col("id") * 10).alias("t")])
    via_args = people.with_columns((ff.col("id") * 10).alias("t"))
    via_kwargs = people.with_columns(t=ff.col("id") * 10)
    for frame in (via_list, via_args, via_kwargs):
        df = frame.collect()
        assert df.columns == ["id", "name", "age", "city", "t"]
        assert df["t"].to_list() == [10, 20, 30, 40]
    # Replacing a column keeps its position.
    replaced = people.with_columns(ff.col("age").fill_null(0)).collect()
    assert replaced.columns == ["id", "name", "age", "city"]
    assert replaced["age"].to_list() == [30, 0, 25, 41]
    assert people.with_columns(const=5).collect()["const"].to_list() == [5, 5, 5, 5]


def test_drop_rename_cast(ff, people):
    assert people.drop("name", "city").columns == ["id", "age"]
    assert people.drop(["name"]).columns == ["id", "age", "city"]
    renamed = people.rename({"id": "key", "city": "town"})
    assert renamed.columns == ["key", "name", "age", "town"]
    assert as_dict(renamed)["town"] == ["x", "y", "x", "z"]
    cast = people.cast({"id": ff.Float64, "age": ff.String})
    assert cast.schema == {"id": ff.Float64, "name": ff.String, "age": ff.String,
                           "city": ff.String}
    assert as_dict(cast)["age"] == ["30", None, "25", "41"]
    # Floats cast to integers truncate (Polars), they do not round.
    floats = ff.from_dict({"f": [1.9, -1.9]}).cast({"f": ff.Int64})
    assert as_dict(floats) == {"f": [1, -1]}


def test_with_row_index_is_uint32_first_column(ff, people):
    frame = people.with_row_index()
    assert frame.columns[0] == "index" and frame.schema["index"] == ff.UInt32
    assert as_dict(frame)["index"] == [0, 1, 2, 3]
    assert as_dict(people.with_row_index("n", offset=10))["n"] == [10, 11, 12, 13]


def test_explode_and_text_to_rows(ff):
    frame = ff.from_dict({"id": [1, 2, 3], "tags": [["a", "b"], [], ["c"]],
                          "csv": ["x,y", "z", None]})
    exploded = as_dict(frame.select("id", "tags").explode("tags"))
    # Polars: an empty list becomes one null row.
    assert exploded == {"id": [1, 1, 2, 3], "tags": ["a", "b", None, "c"]}
    rows = as_dict(frame.select("id", "csv").text_to_rows("csv", delimiter=","))
    assert rows["id"][:3] == [1, 1, 2] and rows["csv"][:3] == ["x", "y", "z"]
    into = frame.select("id", "csv").text_to_rows("csv", output_column="part", delimiter=",")
    assert as_dict(into.filter(ff.col("id") == 1)) == {"id": [1, 1], "csv": ["x,y", "x,y"],
                                                        "part": ["x", "y"]}


# ---- group_by


@pytest.fixture
def sales(ff):
    return ff.from_dict({"k": ["a", "b", "a", "b", "c"], "v": [1, 2, 3, None, 5],
                         "w": [1.0, 2.0, 3.0, 4.0, 5.0]})


def test_group_by_agg(ff, sales):
    df = sales.group_by("k").agg(ff.col("v").sum().alias("s"), ff.col("v").count().alias("n"),
                                 ff.len().alias("rows"), ff.col("w").mean()).sort("k")
    assert as_dict(df) == {"k": ["a", "b", "c"], "s": [4, 2, 5], "n": [2, 1, 1],
                           "rows": [2, 2, 1], "w": [2.0, 3.0, 5.0]}


def test_group_by_maintain_order_and_named_aggs(ff, sales):
    df = sales.group_by("k", maintain_order=True).agg(top=ff.col("w").max())
    assert as_dict(df) == {"k": ["a", "b", "c"], "top": [3.0, 4.0, 5.0]}
    df = ff.from_dict({"k": ["z", "y", "z"], "v": [1, 2, 3]}).group_by("k", maintain_order=True)
    assert as_dict(df.agg(ff.col("v").sum())) == {"k": ["z", "y"], "v": [4, 2]}


def test_group_by_shortcuts(ff, sales):
    by_k = sales.group_by("k", maintain_order=True)
    assert as_dict(by_k.sum()) == {"k": ["a", "b", "c"], "v": [4, 2, 5], "w": [4.0, 6.0, 5.0]}
    assert as_dict(by_k.mean()) == {"k": ["a", "b", "c"], "v": [2.0, 2.0, 5.0],
                                    "w": [2.0, 3.0, 5.0]}
    assert as_dict(by_k.min())["v"] == [1, 2, 5]
    assert as_dict(by_k.max())["w"] == [3.0, 4.0, 5.0]
    assert as_dict(by_k.first())["v"] == [1, 2, 5]
    assert as_dict(by_k.last())["v"] == [3, None, 5]
    assert as_dict(by_k.median())["w"] == [2.0, 3.0, 5.0]
    assert as_dict(by_k.n_unique())["v"] == [2, 2, 1]
    assert as_dict(by_k.count())["v"] == [2, 1, 1]
    assert as_dict(by_k.len()) == {"k": ["a", "b", "c"], "len": [2, 2, 1]}


def test_group_by_several_keys_and_expression_key(ff, sales):
    df = sales.group_by(["k", (ff.col("w") > 2).alias("big")]).agg(ff.col("w").sum())
    assert sorted(df.collect().rows()) == [("a", False, 1.0), ("a", True, 3.0),
                                           ("b", False, 2.0), ("b", True, 4.0),
                                           ("c", True, 5.0)]


# ---- join


@pytest.fixture
def left(ff):
    return ff.from_dict({"k": [1, 2, 3], "v": ["l1", "l2", "l3"]})


@pytest.fixture
def right(ff):
    return ff.from_dict({"k": [2, 3, 4], "v": ["r2", "r3", "r4"], "w": [20, 30, 40]})


def test_inner_join_suffixes_clashing_columns(ff, left, right):
    df = left.join(right, on="k").sort("k").collect()
    assert df.columns == ["k", "v", "v_right", "w"]
    assert df.rows() == [(2, "l2", "r2", 20), (3, "l3", "r3", 30)]
    custom = left.join(right, on="k", suffix="_r")
    assert custom.columns == ["k", "v", "v_r", "w"]


def test_left_join_keeps_left_rows(ff, left, right):
    df = left.join(right, on="k", how="left").sort("k").collect()
    assert df.columns == ["k", "v", "v_right", "w"]
    assert df.rows() == [(1, "l1", None, None), (2, "l2", "r2", 20), (3, "l3", "r3", 30)]


def test_right_join_keeps_right_rows_and_right_key(ff, left, right):
    df = left.join(right, on="k", how="right").sort("k").collect()
    # Polars: the left's non-key columns, then the right's columns (key included).
    assert df.columns == ["v", "k", "v_right", "w"]
    assert df.rows() == [("l2", 2, "r2", 20), ("l3", 3, "r3", 30), (None, 4, "r4", 40)]


def test_full_join_keeps_both_keys_unless_coalesced(ff, left, right):
    df = left.join(right, on="k", how="full").sort("v").collect()
    assert df.columns == ["k", "v", "k_right", "v_right", "w"]
    assert df.rows() == [(None, None, 4, "r4", 40), (1, "l1", None, None, None),
                         (2, "l2", 2, "r2", 20), (3, "l3", 3, "r3", 30)]
    merged = left.join(right, on="k", how="full", coalesce=True).sort("k").collect()
    assert merged.columns == ["k", "v", "v_right", "w"]
    assert merged["k"].to_list() == [1, 2, 3, 4]
    outer = left.join(right, on="k", how="outer").collect()
    assert outer.height == 4


def test_semi_anti_cross_joins(ff, left, right):
    assert as_dict(left.join(right, on="k", how="semi").sort("k")) == {"k": [2, 3],
                                                                       "v": ["l2", "l3"]}
    assert as_dict(left.join(right, on="k", how="anti")) == {"k": [1], "v": ["l1"]}
    cross = left.join(right.select("w"), how="cross").collect()
    assert cross.columns == ["k", "v", "w"] and cross.height == 9
    clash = left.join(right, how="cross")
    assert clash.columns == ["k", "v", "k_right", "v_right", "w"]


def test_join_left_on_right_on(ff, left):
    other = ff.from_dict({"key": [3, 1], "x": [True, False]})
    df = left.join(other, left_on="k", right_on="key").sort("k").collect()
    assert df.columns == ["k", "v", "x"]
    assert df.rows() == [(1, "l1", False), (3, "l3", True)]


def test_join_nulls_do_not_match(ff):
    a = ff.from_dict({"k": [1, None], "x": [1, 2]})
    b = ff.from_dict({"k": [1, None], "y": [3, 4]})
    assert a.join(b, on="k").collect().rows() == [(1, 1, 3)]


# ---- concat, pivot, unpivot, sql


def test_concat_vertical_and_relaxed(ff):
    a = ff.from_dict({"x": [1, 2], "s": ["a", "b"]})
    b = ff.from_dict({"x": [3], "s": ["c"]})
    assert as_dict(ff.concat([a, b])) == {"x": [1, 2, 3], "s": ["a", "b", "c"]}
    c = ff.from_dict({"x": [0.5], "s": ["d"]})
    relaxed = ff.concat([a, c], how="vertical_relaxed")
    assert relaxed.schema["x"] == ff.Float64
    assert as_dict(relaxed) == {"x": [1.0, 2.0, 0.5], "s": ["a", "b", "d"]}
    with pytest.raises(Exception):
        ff.concat([a, ff.from_dict({"y": [1], "s": ["z"]})]).collect()


def test_concat_diagonal_and_horizontal(ff):
    a = ff.from_dict({"x": [1], "y": ["a"]})
    b = ff.from_dict({"y": ["b"], "z": [True]})
    assert as_dict(ff.concat([a, b], how="diagonal")) == {"x": [1, None], "y": ["a", "b"],
                                                          "z": [None, True]}
    c = ff.from_dict({"p": [10, 20]})
    # Polars pads the shorter frame with nulls.
    assert as_dict(ff.concat([a, c], how="horizontal")) == {"x": [1, None], "y": ["a", None],
                                                            "p": [10, 20]}


def test_pivot(ff):
    frame = ff.from_dict({"id": [1, 1, 2, 2, 1], "k": ["b", "a", "a", "b", "b"],
                          "val": [10, 20, 30, 40, 5]})
    first = frame.pivot("k", index="id", values="val").sort("id")
    # Columns in order of first appearance of each value of `on`.
    assert as_dict(first) == {"id": [1, 2], "b": [10, 40], "a": [20, 30]}
    summed = frame.pivot("k", index="id", values="val", aggregate_function="sum").sort("id")
    assert as_dict(summed) == {"id": [1, 2], "b": [15, 40], "a": [20, 30]}
    counted = frame.pivot("k", index="id", values="val", aggregate_function="len").sort("id")
    assert as_dict(counted) == {"id": [1, 2], "b": [2, 1], "a": [1, 1]}


@pytest.mark.parametrize("name", ["v", "first_row", "__ff_row", "__ff_row_1"])
def test_pivot_with_columns_named_like_its_helpers(ff, name):
    # The helper columns that order values and rows must never bind to a user's column.
    data = {"id": [1, 2, 1, 1], "k": ["a", "b", "b", "b"], name: [10, 20, 30, 40]}
    if name != "__ff_row":
        data["__ff_row"] = [7, 8, 9, 6]  # and the first fallback name is taken too
    frame = ff.from_dict(data)
    assert as_dict(frame.pivot("k", index="id", values=name).sort("id")) == {
        "id": [1, 2], "a": [10, None], "b": [30, 20]}
    assert as_dict(frame.pivot("k", index="id", values=name, aggregate_function="last").sort("id")) == {
        "id": [1, 2], "a": [10, None], "b": [40, 20]}
    assert frame.pivot(name, index="k", values="id").columns == ["k", "10", "20", "30", "40"]


def test_unpivot_shape_and_names(ff):
    frame = ff.from_dict({"id": [1, 2], "a": [10, 20], "b": [30, 40]})
    long = frame.unpivot(["a", "b"], index="id")
    assert as_dict(long) == {"id": [1, 2, 1, 2], "variable": ["a", "a", "b", "b"],
                             "value": [10, 20, 30, 40]}
    named = frame.unpivot(index="id", variable_name="col", value_name="val")
    assert named.columns == ["id", "col", "val"] and named.collect().height == 4


def test_sql_over_the_frame(ff, people):
    df = people.sql("SELECT city, count(*) AS n FROM self GROUP BY city ORDER BY city")
    assert as_dict(df) == {"city": ["x", "y", "z"], "n": [2, 1, 1]}


# ---- the graph


def test_every_method_adds_a_typed_node_with_its_description(ff, people, right):
    frame = (people
             .filter(ff.col("id") > 0, description="d-filter")
             .with_columns(x=ff.col("id") * 2, description="d-formula")
             .select("id", "x", "city", description="d-select")
             .sort("id", description="d-sort")
             .unique("id", description="d-unique")
             .with_row_index("rid", description="d-record_id")
             .sample(n=4, seed=1, description="d-sample")
             .join(right, left_on="id", right_on="k", how="left", description="d-join")
             .join(right.select("w"), how="cross", description="d-cross_join"))
    types = [(n.node_type, n.description) for n in frame.flow_graph.nodes]
    for kind in ("filter", "formula", "select", "sort", "unique", "record_id", "sample", "join",
                 "cross_join"):
        assert (kind, f"d-{kind}") in types, kind
    assert types[0][0] == "manual_input"
    last = frame.flow_graph.nodes[-1]
    assert len(last.input_ids) == 2


def test_reshaping_nodes_have_flowfile_types(ff, people):
    grouped = people.group_by("city", description="g").agg(ff.len())
    assert grouped.flow_graph.nodes[-1].node_type == "group_by"
    pivoted = people.pivot("city", index="id", values="age", description="p")
    assert pivoted.flow_graph.nodes[-1].node_type == "pivot"
    long = people.unpivot(["age"], index="id", description="u")
    assert long.flow_graph.nodes[-1].node_type == "unpivot"
    union = ff.concat([people, people], description="c")
    assert union.flow_graph.nodes[-1].node_type == "union"
    rows = people.text_to_rows("name", delimiter="n", description="t")
    assert rows.flow_graph.nodes[-1].node_type == "text_to_rows"
    sql = people.sql("SELECT * FROM self", description="s")
    assert sql.flow_graph.nodes[-1].node_type == "sql_query"
    nodes = union.flow_graph.nodes
    assert [n.description for n in nodes][-1] == "c"


def test_read_and_output_nodes(ff, tmp_path, people):
    path = tmp_path / "p.csv"
    written = people.write_csv(path, description="save it")
    assert written.flow_graph.nodes[-1].node_type == "output"
    assert written.flow_graph.nodes[-1].description == "save it"
    read = ff.read_csv(path, description="load it")
    assert [(n.node_type, n.description) for n in read.flow_graph.nodes] == [("read", "load it")]


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_save_graph_and_open_flow_give_the_same_result(ff, tmp_path, suffix):
    src = tmp_path / "in.csv"
    src.write_text("k,v\na,1\nb,2\na,3\nc,\n")
    frame = (ff.read_csv(src, description="read input")
             .filter(ff.col("v").is_not_null(), description="keep valued")
             .with_columns(double=ff.col("v") * 2, description="double")
             .group_by("k", description="by key").agg(ff.col("double").sum().alias("total"))
             .sort("k", description="order"))
    path = tmp_path / f"flow.{suffix}"
    frame.save_graph(path)
    text = path.read_text()
    assert "keep valued" in text and "flowfile_settings" in text
    if suffix == "json":
        import json
        assert isinstance(json.loads(text), dict)
    reopened = ff.open_flow(path)
    assert reopened.collect().equals(frame.collect())
    assert as_dict(reopened) == {"k": ["a", "b"], "total": [8, 4]}
    descriptions = [n.description for n in reopened.flow_graph.nodes]
    assert "keep valued" in descriptions and "order" in descriptions


# ---- errors


def test_unknown_column_in_select_names_column_node_and_closest(ff, people):
    with pytest.raises(ff.NotFoundError) as info:
        people.select("agee", description="pick columns")
    message = str(info.value)
    assert "agee" in message and "pick columns" in message and "'age'" in message


@pytest.mark.parametrize("call", [
    lambda ff, f: f.sort("nmae", description="the step"),
    lambda ff, f: f.drop("nmae", description="the step"),
    lambda ff, f: f.group_by("nmae", description="the step").agg(ff.len()),
    lambda ff, f: f.with_columns(ff.col("nmae").alias("z"), description="the step"),
    lambda ff, f: f.rename({"nmae": "z"}, description="the step"),
])
def test_unknown_column_fails_at_the_call_for_each_method(ff, people, call):
    with pytest.raises(ff.NotFoundError) as info:
        call(ff, people)
    message = str(info.value)
    assert "nmae" in message and "the step" in message and "'name'" in message


def test_join_unknown_key_names_it(ff, left, right):
    with pytest.raises(ff.NotFoundError) as info:
        left.join(right, left_on="kk", right_on="k", description="match")
    assert "kk" in str(info.value) and "match" in str(info.value)


def test_type_error_names_both_types(ff, people):
    with pytest.raises(ff.FlowfileError) as info:
        people.with_columns((ff.col("name") + ff.col("age")).alias("bad"),
                            description="mix types").collect()
    message = str(info.value)
    assert "VARCHAR" in message or "String" in message
    assert "BIGINT" in message or "Int64" in message
    assert "mix types" in message
    assert "SELECT" not in message  # not a bare SQL dump


def test_pivot_reads_no_data_until_the_plan_runs(ff, tmp_path):
    # Its new columns come from the data: read when the plan runs, not when it is built.
    path = tmp_path / "in.csv"
    path.write_text("id,k,val\n1,a,10\n2,b,20\n")
    planned = ff.scan_csv(str(path)).pivot("k", index="id", values="val").sort("id")
    planned = planned.join(ff.from_dict({"id": [1, 2]}), on="id")
    path.write_text("id,k,val\n1,x,10\n2,y,20\n")
    assert as_dict(planned) == {"id": [1, 2], "x": [10, None], "y": [None, 20]}
    with pytest.raises(ff.FlowfileError, match="nope"):
        ff.scan_csv(str(path)).pivot("k", index="id", values="val").select("nope").collect()
