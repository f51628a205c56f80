"""A flow that uses every node type this engine runs on local files, each result written by its
own output node (Parquet, so types are compared too). Reads the sample data of
../shared/testdata/flowfile-flows/data from the working directory."""

import json


def _node(node_id, node_type, settings, inputs=(), right=None, description=None):
    node = {"id": node_id, "type": node_type, "description": description or f"{node_type} {node_id}",
            "x_position": 0, "y_position": 0, "input_ids": list(inputs), "outputs": [],
            "setting_input": settings}
    if right is not None:
        node["right_input_id"] = right
    return node


def _read(node_id, name):
    return _node(node_id, "read", {"received_file": {
        "name": name, "path": name, "file_type": "csv",
        "table_settings": {"file_type": "csv", "delimiter": ",", "has_headers": True}}})


def _manual(node_id, columns, data):
    return _node(node_id, "manual_input", {"raw_data_format": {
        "columns": [{"name": n, "data_type": t} for n, t in columns], "data": data}})


def _select(*items):
    return {"select": [{"old_name": o, "new_name": n, "keep": True} for o, n in items]}


def _transforms():
    """(type, settings, inputs, right) for every transform, combine and aggregate node."""
    adv = lambda text, split=False: {"filter_input": {"mode": "advanced", "advanced_filter": text},
                                     "split_mode": split}
    return [
        ("filter", {"filter_input": {"mode": "basic", "basic_filter": {
            "field": "quantity", "operator": "greater_than", "value": "2"}}}, [1], None),
        ("filter", adv("[quantity] > 3 and [product_id] < 20"), [1], None),
        ("formula", {"function": {"field": {"name": "double_qty", "data_type": "Auto"},
                                  "function": "[quantity] * 2 + 0.5"}}, [1], None),
        ("formula", {"function": {"field": {"name": "qty_text", "data_type": "String"},
                                  "function": "[quantity]"}}, [1], None),
        ("select", {"select_input": [
            {"old_name": "order_id", "new_name": "id", "keep": True, "position": 1},
            {"old_name": "quantity", "new_name": "qty", "data_type": "Float64", "keep": True,
             "position": 0},
            {"old_name": "order_date", "keep": False}], "keep_missing": True}, [1], None),
        ("sort", {"sort_input": [{"column": "customer_id", "how": "asc"},
                                 {"column": "order_id", "how": "desc"}]}, [1], None),
        ("sample", {"sample_method": "first", "sample_size": 7}, [1], None),
        ("unique", {"unique_input": {"columns": ["customer_id"], "strategy": "first"}}, [1], None),
        ("unique", {"unique_input": {"columns": ["category"], "strategy": "none"}}, [2], None),
        ("record_id", {"record_id_input": {"output_column_name": "rid", "offset": 10}}, [1], None),
        ("record_id", {"record_id_input": {"output_column_name": "n", "offset": 1,
                                           "group_by": True, "group_by_columns": ["customer_id"]}},
         [1], None),
        ("text_to_rows", {"text_to_rows_input": {"column_to_split": "name",
                                                 "output_column_name": "part",
                                                 "split_by_fixed_value": True,
                                                 "split_fixed_value": " "}}, [3], None),
        ("sql_query", {"sql_query_input": {"sql_code": "SELECT i.customer_id, count(*) AS n, "
                                           "sum(p.unit_price) AS spend FROM input_1 i JOIN "
                                           "input_2 p USING (product_id) GROUP BY 1"}},
         [1, 2], None),
        ("wait_for", {}, [2], 1),
        ("dynamic_rename", {"dynamic_rename_input": {"rename_mode": "prefix", "prefix": "p_",
                                                     "selection_mode": "all"}}, [2], None),
        ("window_functions", {"window_input": {
            "partition_by": ["customer_id"], "order_by": [{"column": "order_id", "how": "asc"}],
            "window_functions": [
                {"function": "cum_sum", "column": "quantity", "new_column_name": "running"},
                {"function": "rolling_mean", "column": "quantity", "new_column_name": "avg3",
                 "window_size": 3, "edge_behavior": "partial"},
                {"function": "rank", "column": "quantity", "new_column_name": "rk",
                 "rank_method": "dense"}]}}, [1], None),
        ("graph_solver", {"graph_solver_input": {"col_from": "a", "col_to": "b",
                                                 "output_column_name": "group"}}, [5], None),
        ("join", {"join_input": {"join_mapping": [{"left_col": "product_id",
                                                   "right_col": "product_id"}], "how": "left",
                                 "left_select": _select(("order_id", "order_id"),
                                                        ("product_id", "product_id"),
                                                        ("quantity", "quantity")),
                                 "right_select": _select(("product_id", "product_id"),
                                                         ("name", "product_name"),
                                                         ("unit_price", "unit_price"))}},
         [1], 2),
        ("cross_join", {"cross_join_input": {"left_select": _select(("a", "a")),
                                             "right_select": _select(("a", "a"), ("b", "b"))}},
         [4], 5),
        ("union", {"union_input": {"mode": "relaxed"}}, [4, 5], None),
        ("fuzzy_match", {"join_input": {"join_mapping": [
            {"left_col": "word", "right_col": "word", "threshold_score": 60,
             "fuzzy_type": "jaro_winkler"}]}}, [6], 6),
        ("group_by", {"groupby_input": {"agg_cols": [
            {"old_name": "customer_id", "agg": "groupby", "new_name": "customer_id"},
            {"old_name": "quantity", "agg": "sum", "new_name": "total"},
            {"old_name": "product_id", "agg": "n_unique", "new_name": "products"},
            {"old_name": "order_id", "agg": "count", "new_name": "orders"}]}}, [1], None),
        ("pivot", {"pivot_input": {"index_columns": ["category"], "pivot_column": "category",
                                   "value_col": "unit_price", "aggregations": ["sum"]}},
         [2], None),
        ("unpivot", {"unpivot_input": {"index_columns": ["product_id"],
                                       "value_columns": ["name", "category"]}}, [2], None),
        ("record_count", {}, [1], None),
    ]


def node_coverage_flow() -> dict:
    nodes = [_read(1, "orders.csv"), _read(2, "products.csv"), _read(3, "customers.csv"),
             _manual(4, [("a", "Int64"), ("b", "String")], [[1, 2, None], ["x", None, "z"]]),
             _manual(5, [("a", "Int64"), ("b", "Int64")], [[1, 2, 5, 7], [2, 3, 6, 7]]),
             _manual(6, [("word", "String")], [["apple", "appel", "banana", "bananas", "kiwi"]])]
    next_id = 10
    sinks = []  # (producing node id, output handle)
    for node_type, settings, inputs, right in _transforms():
        nodes.append(_node(next_id, node_type, settings, inputs, right))
        sinks.append((next_id, 0))
        next_id += 1
    # Multi-output nodes: a split filter (pass and fail) and a random split (train and test).
    nodes.append(_node(next_id, "filter", {"filter_input": {
        "mode": "advanced", "advanced_filter": "[quantity] >= 3"}, "split_mode": True}, [1]))
    sinks += [(next_id, 0), (next_id, 1)]
    next_id += 1
    nodes.append(_node(next_id, "random_split", {"splits": [
        {"name": "train", "percentage": 70}, {"name": "test", "percentage": 30}], "seed": 7}, [1]))
    sinks += [(next_id, 0), (next_id, 1)]
    next_id += 1
    nodes.append(_node(next_id, "explore_data", {}, [1]))
    next_id += 1
    for source, handle in sinks:
        name = f"out_{source}_{handle}.parquet"
        nodes.append(_node(next_id, "output", {"output_settings": {
            "name": name, "directory": ".", "file_type": "parquet", "write_mode": "overwrite"}},
            [source], description=f"write {name}"))
        producer = next(n for n in nodes if n["id"] == source)
        producer["outputs"].append(next_id)
        producer.setdefault("output_handles", []).append(f"output-{handle}")
        next_id += 1
    return {"flowfile_version": "1.0.0", "flowfile_id": 42, "flowfile_name": "Node coverage",
            "flowfile_settings": {"description": ""}, "nodes": nodes}


def write_node_coverage_flow(path) -> None:
    path.write_text(json.dumps(node_coverage_flow(), indent=1))
