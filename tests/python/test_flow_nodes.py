"""Each runnable node type, through ff.apply_node (exactly what a flow node does), checked
against Flowfile's semantics on small tables."""

import pytest


def rows(frame):
    return frame.collect().rows()


@pytest.fixture
def people(ff):
    return ff.from_dict({"id": [1, 2, 3, 4, 5], "name": ["ann", "bob", None, "dan", "eve"],
                         "city": ["x", "y", "x", None, "y"], "score": [10.0, 20.0, 30.0, None, 50.0]})


def apply(ff, type_, settings, *inputs, **kw):
    return ff.apply_node(type_, settings, *inputs, **kw)


@pytest.mark.parametrize("op, value, expected", [
    ("equals", "x", [1, 3]), ("not_equals", "x", [2, 5]), ("contains", "^x", [1, 3]),
    ("not_contains", "x", [2, 5]), ("is_null", "", [4]), ("is_not_null", "", [1, 2, 3, 5]),
    ("in", "x, y", [1, 2, 3, 5]), ("not_in", "x", [2, 5]), ("starts_with", "y", [2, 5]),
    ("ends_with", "x", [1, 3]), ("==", "y", [2, 5]), ("<>", "y", [1, 3]),
])
def test_basic_filter_on_text(ff, people, op, value, expected):
    out = apply(ff, "filter", {"filter_input": {"mode": "basic", "basic_filter": {
        "field": "city", "operator": op, "value": value}}}, people)[0]
    assert [r[0] for r in rows(out)] == expected


@pytest.mark.parametrize("op, value, value2, expected", [
    ("greater_than", "20", None, [3, 5]), ("greater_than_or_equals", "20", None, [2, 3, 5]),
    ("less_than", "20", None, [1]), ("less_than_or_equals", "20.0", None, [1, 2]),
    ("between", "15", "35", [2, 3]), ("in", "10, 50", None, [1, 5]),
])
def test_basic_filter_on_numbers(ff, people, op, value, value2, expected):
    basic = {"field": "score", "operator": op, "value": value}
    if value2:
        basic["value2"] = value2
    out = apply(ff, "filter", {"filter_input": {"basic_filter": basic}}, people)[0]
    assert [r[0] for r in rows(out)] == expected


def test_basic_filter_refuses_text_for_a_number_column(ff, people):
    with pytest.raises(ff.InvalidArgumentError, match="'abc' is not a number"):
        apply(ff, "filter", {"filter_input": {"basic_filter": {
            "field": "score", "operator": "equals", "value": "abc"}}}, people)


def test_legacy_filter_fields(ff, people):
    out = apply(ff, "filter", {"filter_input": {"filter_type": "basic", "basic_filter": {
        "field": "city", "filter_type": "equals", "filter_value": "y"}}}, people)[0]
    assert [r[0] for r in rows(out)] == [2, 5]


def test_advanced_filter_and_split_mode(ff, people):
    passed, failed = apply(ff, "filter", {"split_mode": True, "filter_input": {
        "mode": "advanced", "advanced_filter": "[score] > 15 and [city] = 'y'"}}, people)
    assert [r[0] for r in rows(passed)] == [2, 5]
    assert [r[0] for r in rows(failed)] == [1, 3]  # null conditions go to neither output


def test_a_formula_that_does_not_parse_is_an_error(ff, people):
    with pytest.raises(ff.InvalidArgumentError, match="advanced_filter"):
        apply(ff, "filter", {"filter_input": {"mode": "advanced",
                                              "advanced_filter": "[score] >"}}, people)


def test_formula_node_adds_or_replaces_a_column_and_casts(ff, people):
    out = apply(ff, "formula", {"function": {"field": {"name": "double", "data_type": "Auto"},
                                             "function": "[score] * 2"}}, people)[0]
    assert out.columns[-1] == "double" and [r[-1] for r in rows(out)] == [20, 40, 60, None, 100]
    out = apply(ff, "formula", {"function": {"field": {"name": "score", "data_type": "Int64"},
                                             "function": "[score] + 1"}}, people)[0]
    assert out.columns == ["id", "name", "city", "score"]
    assert str(out.schema["score"]) == "Int64"


def test_select_renames_casts_reorders_and_drops(ff, people):
    out = apply(ff, "select", {"keep_missing": False, "select_input": [
        {"old_name": "score", "new_name": "points", "data_type": "Int64", "position": 1},
        {"old_name": "id", "data_type": "String", "position": 0},
        {"old_name": "name", "keep": False},
        {"old_name": "missing"}]}, people)[0]
    assert out.columns == ["id", "points"]
    assert rows(out)[0] == ("1", 10)
    kept = apply(ff, "select", {"select_input": [{"old_name": "name", "keep": False}]}, people)[0]
    assert kept.columns == ["id", "city", "score"]  # keep_missing defaults to true


def test_sort_with_nulls_first_and_spellings(ff, people):
    out = apply(ff, "sort", {"sort_input": [{"column": "score", "how": "descending"}]}, people)[0]
    assert [r[0] for r in rows(out)] == [4, 5, 3, 2, 1]


def test_sample_methods(ff, people):
    assert len(rows(apply(ff, "sample", {"sample_size": 2}, people)[0])) == 2
    picked = rows(apply(ff, "sample", {"sample_method": "random", "sample_size": 3, "seed": 1},
                        people)[0])
    assert len(picked) == 3
    with pytest.raises(ff.InvalidArgumentError, match="fraction"):
        apply(ff, "sample", {"sample_method": "random_fraction", "fraction": 0}, people)


def test_unique_strategies(ff):
    df = ff.from_dict({"k": [1, 1, 2, 3, 3], "v": ["a", "b", "c", "d", "e"]})
    keep = lambda s: sorted(rows(apply(ff, "unique", {"unique_input": {"columns": ["k"],
                                                                        "strategy": s}}, df)[0]))
    assert keep("first") == [(1, "a"), (2, "c"), (3, "d")]
    assert keep("last") == [(1, "b"), (2, "c"), (3, "e")]
    assert keep("none") == [(2, "c")]
    assert len(rows(apply(ff, "unique", {"unique_input": {"columns": None}}, df)[0])) == 5


def test_record_id_plain_and_grouped(ff, people):
    out = apply(ff, "record_id", {"record_id_input": {"output_column_name": "rid", "offset": 1}},
                people)[0]
    assert out.columns[0] == "rid" and [r[0] for r in rows(out)] == [1, 2, 3, 4, 5]
    out = apply(ff, "record_id", {"record_id_input": {"group_by": True, "group_by_columns": ["city"],
                                                      "offset": 1}}, people)[0]
    assert [(r[0], r[1]) for r in rows(out)] == [(1, 1), (1, 2), (2, 3), (1, 4), (2, 5)]


def test_text_to_rows(ff):
    df = ff.from_dict({"id": [1, 2, 3], "t": ["a,b", None, ""]})
    out = apply(ff, "text_to_rows", {"text_to_rows_input": {"column_to_split": "t",
                                                            "split_fixed_value": ","}}, df)[0]
    assert rows(out) == [(1, "a"), (1, "b"), (2, None), (3, "")]
    out = apply(ff, "text_to_rows", {"text_to_rows_input": {
        "column_to_split": "t", "output_column_name": "part"}}, df)[0]
    assert out.columns == ["id", "t", "part"]


def test_sql_query_over_several_inputs(ff, people):
    other = ff.from_dict({"id": [1, 2], "extra": ["p", "q"]})
    out = apply(ff, "sql_query", {"sql_query_input": {"sql_code":
        "SELECT a.id, b.extra FROM input_1 a JOIN input_2 b USING (id) ORDER BY a.id"}},
        people, other)[0]
    assert rows(out) == [(1, "p"), (2, "q")]
    with pytest.raises(ff.InvalidArgumentError, match="only SELECT or WITH"):
        apply(ff, "sql_query", {"sql_query_input": {"sql_code": "DROP TABLE x"}}, people)


def test_group_by_aggregations(ff):
    df = ff.from_dict({"g": ["a", "a", "b", "b", "b"], "v": [1, None, 3, 3, 5],
                       "s": ["x", "y", None, "z", "z"]})
    out = apply(ff, "group_by", {"groupby_input": {"agg_cols": [
        {"old_name": "g", "agg": "groupby"},
        {"old_name": "v", "agg": "sum"}, {"old_name": "v", "agg": "count", "new_name": "n"},
        {"old_name": "v", "agg": "n_unique", "new_name": "nu"},
        {"old_name": "v", "agg": "mean"}, {"old_name": "v", "agg": "median", "new_name": "med"},
        {"old_name": "v", "agg": "min"}, {"old_name": "v", "agg": "max"},
        {"old_name": "s", "agg": "concat"},
    ]}}, df)[0]
    assert out.columns == ["g", "v_sum", "n", "nu", "v_mean", "med", "v_min", "v_max", "s_concat"]
    got = {r[0]: r[1:] for r in rows(out)}
    assert got["a"][:7] == (1, 1, 2, 1.0, 1.0, 1, 1)
    assert got["b"][:7] == (11, 3, 2, 11 / 3, 3.0, 3, 5)
    assert sorted(got["a"][7].split(",")) == ["x", "y"]
    totals = apply(ff, "group_by", {"groupby_input": {"agg_cols": [
        {"old_name": "v", "agg": "sum", "new_name": "t"}]}}, df)[0]
    assert rows(totals) == [(12,)]
    keys = apply(ff, "group_by", {"groupby_input": {"agg_cols": [
        {"old_name": "g", "agg": "groupby", "new_name": "grp"}]}}, df)[0]
    assert sorted(rows(keys)) == [("a",), ("b",)] and keys.columns == ["grp"]


def test_pivot_sorted_values_and_zero_filled_sums(ff):
    df = ff.from_dict({"who": ["p", "p", "q"], "q": ["b", "a", "a"], "r": [1, 2, 3]})
    out = apply(ff, "pivot", {"pivot_input": {"index_columns": ["who"], "pivot_column": "q",
                                              "value_col": "r", "aggregations": ["sum"]}}, df)[0]
    assert out.columns == ["who", "a", "b"]
    assert sorted(rows(out)) == [("p", 2, 1), ("q", 3, 0)]
    out = apply(ff, "pivot", {"pivot_input": {"index_columns": ["who"], "pivot_column": "q",
                                              "value_col": "r",
                                              "aggregations": ["mean", "count"]}}, df)[0]
    assert out.columns == ["who", "a_mean", "a_count", "b_mean", "b_count"]
    single = apply(ff, "pivot", {"pivot_input": {"index_columns": [], "pivot_column": "q",
                                                 "value_col": "r", "aggregations": ["max"]}}, df)[0]
    assert rows(single) == [(3, 1)]


def test_pivot_with_an_input_column_named_like_its_row_number(ff):
    df = ff.from_dict({"who": ["p", "p", "q"], "q": ["b", "a", "a"], "__ff_row": [9, 8, 7]})
    out = apply(ff, "pivot", {"pivot_input": {"index_columns": ["who"], "pivot_column": "q",
                                              "value_col": "__ff_row",
                                              "aggregations": ["first", "concat"]}}, df)[0]
    assert out.columns == ["who", "a_first", "a_concat", "b_first", "b_concat"]
    assert sorted(rows(out)) == [("p", 8, "8", 9, "9"), ("q", 7, "7", None, None)]


def test_unpivot_by_columns_and_by_type(ff):
    df = ff.from_dict({"id": [1, 2], "a": [1.5, 2.5], "b": [3.0, 4.0], "t": ["x", "y"]})
    out = apply(ff, "unpivot", {"unpivot_input": {"index_columns": ["id"],
                                                  "value_columns": ["a", "b"]}}, df)[0]
    assert out.columns == ["id", "variable", "value"] and len(rows(out)) == 4
    out = apply(ff, "unpivot", {"unpivot_input": {"index_columns": ["id"],
                                                  "data_type_selector_mode": "data_type",
                                                  "data_type_selector": "float"}}, df)[0]
    assert sorted({r[1] for r in rows(out)}) == ["a", "b"]


def test_record_count(ff, people):
    out = apply(ff, "record_count", {}, people)[0]
    assert out.columns == ["number_of_records"] and rows(out) == [(5,)]


def test_join_keeps_the_right_key_and_suffixes_collisions(ff):
    left = ff.from_dict({"k": [1, 2, 3], "v": ["a", "b", "c"]})
    right = ff.from_dict({"k": [2, 3, 4], "v": ["B", "C", "D"], "w": [20, 30, 40]})
    settings = {"join_input": {"join_mapping": [{"left_col": "k", "right_col": "k"}],
                               "left_select": {"renames": []}, "right_select": {"renames": []},
                               "how": "inner"}}
    out = apply(ff, "join", settings, left, right)[0]
    assert out.columns == ["k", "v", "v_right", "w", "k_right"]
    assert sorted(rows(out)) == [(2, "b", "B", 20, 2), (3, "c", "C", 30, 3)]
    settings["join_input"]["how"] = "left"
    assert sorted(rows(apply(ff, "join", settings, left, right)[0]))[0] == (1, "a", None, None, None)
    settings["join_input"]["how"] = "right"
    out = apply(ff, "join", settings, left, right)[0]
    assert out.columns[:3] == ["k_right", "v_right", "w"] or out.columns[0] == "k_right"
    settings["join_input"]["how"] = "full"
    assert len(rows(apply(ff, "join", settings, left, right)[0])) == 4
    for how, ids in (("semi", [2, 3]), ("anti", [1])):
        settings["join_input"]["how"] = how
        out = apply(ff, "join", settings, left, right)[0]
        assert out.columns == ["k", "v"] and sorted(r[0] for r in rows(out)) == ids


def test_join_select_drops_and_renames_and_checks_key_types(ff):
    left = ff.from_dict({"k": [1, 2], "v": ["a", "b"]})
    right = ff.from_dict({"k": [1, 2], "w": [10, 20]})
    out = apply(ff, "join", {"join_input": {
        "join_mapping": "k", "how": "inner",
        "left_select": {"renames": [{"old_name": "v", "new_name": "value"}]},
        "right_select": {"renames": [{"old_name": "k", "keep": False}]}}}, left, right)[0]
    assert out.columns == ["value", "k", "w"]  # unlisted columns are appended (Flowfile)
    text = ff.from_dict({"k": ["1"], "w": [1]})
    with pytest.raises(ff.InvalidArgumentError, match="different kinds of type"):
        apply(ff, "join", {"join_input": {"join_mapping": [["k", "k"]]}}, left, text)


def test_cross_join_and_union(ff):
    a = ff.from_dict({"x": [1, 2]})
    b = ff.from_dict({"x": [10], "y": ["p"]})
    out = apply(ff, "cross_join", {"cross_join_input": {}}, a, b)[0]
    assert out.columns == ["x", "x_right", "y"] and rows(out) == [(1, 10, "p"), (2, 10, "p")]
    out = apply(ff, "union", {"union_input": {"mode": "relaxed"}}, a, b)[0]
    assert out.columns == ["x", "y"] and rows(out) == [(1, None), (2, None), (10, "p")]


def test_fuzzy_match_scores_and_threshold(ff):
    left = ff.from_dict({"name": ["edward", "alice", None]})
    right = ff.from_dict({"name": ["eduward", "bob"]})
    out = apply(ff, "fuzzy_match", {"join_input": {"join_mapping": [
        {"left_col": "name", "right_col": "name", "threshold_score": 80,
         "fuzzy_type": "levenshtein"}]}}, left, right)[0]
    assert out.columns == ["name", "name_right", "name_vs_name_right_levenshtein"]
    (row,) = rows(out)
    assert row[:2] == ("edward", "eduward") and abs(row[2] - 0.857142857) < 1e-6


def test_fuzzy_match_indel_counts_insertions_and_deletions_on_code_points(ff):
    left = ff.from_dict({"name": ["Edward", "café", "alice"]})
    right = ff.from_dict({"name": ["eduward", "CAFE", "bob"]})
    out = apply(ff, "fuzzy_match", {"join_input": {"join_mapping": [
        {"left_col": "name", "right_col": "name", "threshold_score": 70,
         "fuzzy_type": "indel"}]}}, left, right)[0]
    assert out.columns == ["name", "name_right", "name_vs_name_right_indel"]
    scores = {(r[0], r[1]): r[2] for r in rows(out)}
    # RapidFuzz's Indel: 1 - (len(a) + len(b) - 2 * LCS) / (len(a) + len(b)), lowercased.
    assert set(scores) == {("Edward", "eduward"), ("café", "CAFE")}
    assert abs(scores[("Edward", "eduward")] - (1 - 1 / 13)) < 1e-9
    assert abs(scores[("café", "CAFE")] - 0.75) < 1e-9  # é is one code point, not two bytes


def test_window_functions(ff):
    df = ff.from_dict({"g": ["a", "a", "a", "b", "b"], "o": [3, 1, 2, 1, 2],
                       "v": [30, 10, 20, 5, None]})
    out = apply(ff, "window_functions", {"window_input": {
        "partition_by": ["g"], "order_by": [{"column": "o", "how": "asc"}],
        "window_functions": [
            {"function": "cum_sum", "column": "v", "new_column_name": "cs"},
            {"function": "rolling_sum", "column": "v", "window_size": 2, "new_column_name": "rs"},
            {"function": "rolling_sum", "column": "v", "window_size": 2, "new_column_name": "rp",
             "edge_behavior": "partial"},
            {"function": "rank", "column": "v", "new_column_name": "rk", "rank_method": "dense"},
            {"function": "tile", "number_of_groups": 2, "new_column_name": "t"}]}}, df)[0]
    got = rows(out)
    assert [r[1] for r in got] == [1, 1, 2, 2, 3]  # whole frame sorted by the order
    by = {(r[0], r[1]): r[3:] for r in got}
    assert by[("a", 1)] == (10, None, 10, 1, 1)
    assert by[("a", 2)] == (30, 30, 30, 2, 1)
    assert by[("a", 3)] == (60, 50, 50, 3, 2)
    assert by[("b", 2)] == (None, None, 5, None, 2)


def test_graph_solver(ff):
    df = ff.from_dict({"f": ["A", "B", "C", "E", "F", "G", "I", "I", "AA"],
                       "t": ["B", "C", "D", "F", "G", "J", "K", "J", "Z"]})
    out = apply(ff, "graph_solver", {"graph_solver_input": {"col_from": "f", "col_to": "t"}}, df)[0]
    assert [r[2] for r in rows(out)] == [1, 1, 1, 2, 2, 2, 2, 2, 3]


def test_random_split_is_complete_disjoint_and_seeded(ff):
    df = ff.from_dict({"i": list(range(100))})
    settings = {"splits": [{"name": "train", "percentage": 70}, {"name": "test", "percentage": 30}],
                "seed": 7}
    train, test = apply(ff, "random_split", settings, df)
    a, b = [r[0] for r in rows(train)], [r[0] for r in rows(test)]
    assert len(a) == 70 and len(b) == 30 and sorted(a + b) == list(range(100))
    assert a == [r[0] for r in rows(apply(ff, "random_split", settings, df)[0])]
    with pytest.raises(ff.InvalidArgumentError, match="add up to 100"):
        apply(ff, "random_split", {"splits": [{"name": "x", "percentage": 50}]}, df)


def test_dynamic_rename_modes(ff, people):
    out = apply(ff, "dynamic_rename", {"dynamic_rename_input": {"rename_mode": "prefix",
                                                                "prefix": "p_"}}, people)[0]
    assert out.columns == ["p_id", "p_name", "p_city", "p_score"]
    out = apply(ff, "dynamic_rename", {"dynamic_rename_input": {
        "rename_mode": "suffix", "suffix": "_s", "selection_mode": "data_type",
        "selected_data_type": "Numeric"}}, people)[0]
    assert out.columns == ["id_s", "name", "city", "score_s"]
    out = apply(ff, "dynamic_rename", {"dynamic_rename_input": {
        "rename_mode": "formula", "formula": "uppercase([column_name])",
        "selection_mode": "list", "selected_columns": ["name", "nope"]}}, people)[0]
    assert out.columns == ["id", "NAME", "city", "score"]
    header = ff.from_dict({"a": ["x", "1"], "b": ["y", "2"]})
    out = apply(ff, "dynamic_rename", {"dynamic_rename_input": {"rename_mode": "first_row"}},
                header)[0]
    assert out.columns == ["x", "y"] and rows(out) == [("1", "2")]


def test_wait_for_passes_the_main_input(ff, people):
    other = ff.from_dict({"z": [1]})
    assert rows(apply(ff, "wait_for", {}, people, other)[0]) == rows(people)


def test_output_field_config(ff, people):
    config = {"enabled": True, "validation_mode_behavior": "add_missing",
              "fields": [{"name": "name", "data_type": "String"},
                         {"name": "extra", "data_type": "Int64", "default_value": "7"}]}
    out = apply(ff, "sort", {"sort_input": [], "output_field_config": config}, people)[0]
    assert out.columns == ["name", "extra"] and rows(out)[0] == ("ann", 7)
    config["validation_mode_behavior"] = "raise_on_missing"
    with pytest.raises(ff.InvalidArgumentError, match="'extra' is not produced"):
        apply(ff, "sort", {"sort_input": [], "output_field_config": config}, people)
    config.update(validation_mode_behavior="add_missing_keep_extra")
    out = apply(ff, "sort", {"sort_input": [], "output_field_config": config}, people)[0]
    assert out.columns == ["name", "extra", "id", "city", "score"]


def test_unknown_settings_values_are_refused_with_suggestions(ff, people):
    with pytest.raises(ff.InvalidArgumentError, match="did you mean 'inner'"):
        apply(ff, "join", {"join_input": {"join_mapping": "id", "how": "iner"}}, people, people)
    with pytest.raises(ff.NotFoundError, match="filter"):
        apply(ff, "filtr", {}, people)
