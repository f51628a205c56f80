"""Flows against their peers, side by side in one run, as ratios to hand-written DuckDB SQL.

    /usr/bin/python3 bench/flow_bench.py [--rows 10000000] [--runs 5] [--build DIR]

1. A sample-flow pipeline on generated data (orders x products: join, formula, group_by,
   sort, write CSV): `flowfile run FLOW.yaml` vs the same pipeline as one SQL statement through
   DuckDB's C API (bench_duckdb_sql), with nodejs-polars (streaming) beside them.
2. Opening and validating a 500-node flow, and the predicted schemas of all 500 nodes.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_benchmarks import BENCH, ROOT, run  # noqa: E402

PIPELINE_SQL = """
COPY (SELECT p.category, count(o.order_id) AS order_count, sum(o.quantity * p.price) AS revenue
      FROM read_parquet('{orders}') o JOIN read_parquet('{products}') p ON o.product_id = p.product_id
      GROUP BY p.category ORDER BY revenue DESC) TO '{out}' (FORMAT csv, HEADER, FORCE_QUOTE *)
"""

def node(id, type_, inputs, settings, right=None):
    n = {"id": id, "type": type_, "description": f"{type_} {id}", "input_ids": inputs,
         "setting_input": settings}
    if right is not None:
        n["right_input_id"] = right
    return n


def pipeline_flow(orders, products, out) -> dict:
    read = lambda p: {"received_file": {"path": str(p), "file_type": "parquet"}}
    return {"flowfile_version": "1.0.0", "flowfile_id": 1, "flowfile_name": "bench",
            "flowfile_settings": {}, "nodes": [
                node(1, "read", [], read(orders)), node(2, "read", [], read(products)),
                node(3, "join", [1], {"join_input": {"join_mapping": [
                    {"left_col": "product_id", "right_col": "product_id"}], "how": "inner",
                    "right_select": {"renames": [{"old_name": "product_id", "keep": False}]}}},
                     right=2),
                node(4, "formula", [3], {"function": {"field": {"name": "revenue"},
                                                      "function": "[quantity] * [price]"}}),
                node(5, "group_by", [4], {"groupby_input": {"agg_cols": [
                    {"old_name": "category", "agg": "groupby"},
                    {"old_name": "order_id", "agg": "count", "new_name": "order_count"},
                    {"old_name": "revenue", "agg": "sum", "new_name": "revenue"}]}}),
                node(6, "sort", [5], {"sort_input": [{"column": "revenue", "how": "desc"}]}),
                node(7, "output", [6], {"output_settings": {
                    "name": pathlib.Path(out).name, "directory": str(pathlib.Path(out).parent),
                    "file_type": "csv"}})]}


def chain_flow(length: int) -> dict:
    nodes = [node(1, "manual_input", [], {"raw_data_format": {
        "columns": [{"name": "a", "data_type": "Int64"}, {"name": "b", "data_type": "String"}],
        "data": [[1, 2, 3], ["x", "y", "z"]]}})]
    for i in range(2, length + 1):
        nodes.append(node(i, "filter", [i - 1], {"filter_input": {"mode": "basic", "basic_filter": {
            "field": "a", "operator": "greater_than", "value": "0"}}}) if i % 2 else
                     node(i, "sort", [i - 1], {"sort_input": [{"column": "a", "how": "asc"}]}))
    return {"flowfile_version": "1.0.0", "flowfile_id": 1, "flowfile_name": "chain",
            "flowfile_settings": {}, "nodes": nodes}


def make(build: pathlib.Path, sql: str) -> None:
    subprocess.run([str(build / "bench" / "bench_duckdb_sql"), sql], check=True,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", default=str(ROOT / "build" / "release"))
    args = parser.parse_args()
    build = pathlib.Path(args.build)
    cli = build / "cli" / "flowfile"
    data = ROOT / "build" / "bench-data"
    data.mkdir(parents=True, exist_ok=True)
    orders, products = data / f"orders_{args.rows}.parquet", data / "products_10000.parquet"
    if not orders.exists():
        make(build, f"COPY (SELECT i AS order_id, (hash(i) % 10000)::BIGINT AS product_id, "
                    f"(1 + hash(i * 3) % 9)::BIGINT AS quantity FROM range({args.rows}) t(i)) "
                    f"TO '{orders}' (FORMAT parquet)")
    if not products.exists():
        make(build, f"COPY (SELECT i AS product_id, 'cat' || (i % 25)::VARCHAR AS category, "
                    f"(1 + hash(i) % 10000) / 100.0 AS price FROM range(10000) t(i)) "
                    f"TO '{products}' (FORMAT parquet)")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="ff-flow-bench-"))
    flow = tmp / "pipeline.json"
    flow.write_text(json.dumps(pipeline_flow(orders, products, tmp / "flow.csv")))
    cmds = {"duckdb-sql": [str(build / "bench" / "bench_duckdb_sql"),
                           PIPELINE_SQL.format(orders=orders, products=products,
                                               out=tmp / "sql.csv")],
            "flowfile-run": [str(cli), "run", "-q", str(flow)]}
    if (BENCH / "node_modules" / "nodejs-polars").exists():
        script = BENCH / "polars_flow_pipeline.mjs"  # beside node_modules, so its import resolves
        cmds["polars-stream"] = ["node", str(script), str(orders), str(products),
                                 str(tmp / "polars.csv")]
    times = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            times[name].append(run(cmd))
    floor = statistics.median(t for t, _ in times["duckdb-sql"])
    print(f"flow pipeline (orders {args.rows:,} x products 10,000: join, formula, group_by, "
          f"sort, csv), medians of {args.runs}")
    print(f"{'contender':<16}{'wall s':>9}{'peak MiB':>10}{'x floor':>9}")
    for name, samples in times.items():
        wall = statistics.median(t for t, _ in samples)
        print(f"{name:<16}{wall:>9.3f}{statistics.median(m for _, m in samples):>10.0f}"
              f"{wall / floor:>9.2f}")

    chain = tmp / "chain500.json"
    chain.write_text(json.dumps(chain_flow(500)))
    probe = ("import sys, time, flowfile as ff\n"
             "t0 = time.perf_counter(); f = ff.open_flow(sys.argv[1]); t1 = time.perf_counter()\n"
             "s = f.predicted_schemas(); assert len(s) == len(f.nodes), f.schema_errors\n"
             "t2 = time.perf_counter(); print(f'{(t1-t0)*1000:.1f} {(t2-t1)*1000:.1f}')\n")
    env = dict(__import__("os").environ, PYTHONPATH=str(build / "python"))
    out = subprocess.run(["/usr/bin/python3", "-c", probe, str(chain)], capture_output=True,
                         text=True, env=env, check=True).stdout.split()
    print(f"500-node flow: open + validate {out[0]} ms (goal <= 100), predicted schemas of all "
          f"500 nodes {out[1]} ms (goal <= 200)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
