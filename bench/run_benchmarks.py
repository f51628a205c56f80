"""Side-by-side benchmarks: whole-process wall time and peak RSS, medians of N runs,
alternating the contenders in one run, printed as ratios to the engine's floor.

    /usr/bin/python3 bench/run_benchmarks.py [--rows 10000000] [--runs 5]

Contenders for the seed pipeline (filter, when/then, group_by + agg, sort) over a Parquet
file with id, category (4 values), value, customer_id:
  duckdb-sql   hand-written SQL through DuckDB's C API (bench_duckdb_sql): the floor
  polars-stream nodejs-polars, collectSync({engine: "streaming"}) — Flowfile's own engine
  polars-default nodejs-polars' default in-memory engine
  flowfile-py  ours from Python           (when the frames API is installed)
  flowfile-cpp ours from C++ (examples/)  (when built)
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BUILD = pathlib.Path(os.environ.get("FLOWFILE_BUILD_DIR", ROOT / "build" / "release"))

SEED_SQL = """
SELECT tier, sum(adjusted_value) AS total_value, count(id) AS count
FROM (SELECT id, value * 1.1 AS adjusted_value,
             CASE WHEN category = 'A' THEN 'Premium' WHEN category = 'B' THEN 'Standard'
                  ELSE 'Basic' END AS tier
      FROM read_parquet('{file}') WHERE value > 120)
GROUP BY tier ORDER BY total_value DESC
"""

SEED_PY = """
import sys, flowfile as ff
r = (ff.scan_parquet(sys.argv[1])
     .filter(ff.col("value") > 120, description="Drop low-value rows")
     .with_columns([(ff.col("value") * 1.1).alias("adjusted_value"),
                    ff.when(ff.col("category") == "A").then(ff.lit("Premium"))
                      .when(ff.col("category") == "B").then(ff.lit("Standard"))
                      .otherwise(ff.lit("Basic")).alias("tier")])
     .group_by("tier")
     .agg([ff.col("adjusted_value").sum().alias("total_value"), ff.col("id").count().alias("count")])
     .sort("total_value", descending=True)
     .collect())
print(r.height, "rows")
"""


JOIN_SQL = """
SELECT region, segment, sum(value) AS total, count(value) AS n, avg(value) AS mean
FROM read_parquet('{orders}') o JOIN read_parquet('{customers}') c USING (customer_id)
GROUP BY region, segment
"""

JOIN_PY = """
import sys, flowfile as ff
r = (ff.scan_parquet(sys.argv[1])
     .join(ff.scan_parquet(sys.argv[2]), on="customer_id", description="Attach customers")
     .group_by("region", "segment")
     .agg(ff.col("value").sum().alias("total"), ff.col("value").count().alias("n"),
          ff.col("value").mean().alias("mean"))
     .collect())
print(r.height, "rows")
"""


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.communicate()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[0]} failed: {err.decode()[-500:]}")
    return wall, usage.ru_maxrss / 1024


def make_data(path: pathlib.Path, rows: int) -> None:
    if path.exists():
        return
    sql = (f"COPY (SELECT i AS id, ['A','B','C','D'][1 + (i % 4)::INT] AS category, "
           f"(hash(i) % 500)::DOUBLE AS value, (hash(i * 7) % 1000000)::BIGINT AS customer_id "
           f"FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)")
    subprocess.run([str(BUILD / "bench" / "bench_duckdb_sql"), sql], check=True,
                   stdout=subprocess.DEVNULL)


def make_customers(path: pathlib.Path, rows: int) -> None:
    if path.exists():
        return
    sql = (f"COPY (SELECT i AS customer_id, ['north','south','east','west','central'][1 + (i % 5)::INT] "
           f"AS region, ['retail','business','public'][1 + (hash(i) % 3)::INT] AS segment "
           f"FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)")
    subprocess.run([str(BUILD / "bench" / "bench_duckdb_sql"), sql], check=True,
                   stdout=subprocess.DEVNULL)


def join_contenders(orders: pathlib.Path, customers: pathlib.Path) -> dict[str, list[str]]:
    found = {"duckdb-sql": [str(BUILD / "bench" / "bench_duckdb_sql"),
                            JOIN_SQL.format(orders=orders, customers=customers)]}
    if (BENCH / "node_modules" / "nodejs-polars").exists():
        node = ["node", str(BENCH / "polars_join.mjs"), str(orders), str(customers)]
        found["polars-stream"] = node + ["streaming"]
        found["polars-default"] = node + ["default"]
    probe = subprocess.run(["/usr/bin/python3", "-c", "import flowfile as ff; ff.scan_parquet"],
                           capture_output=True)
    if probe.returncode == 0:
        found["flowfile-py"] = ["/usr/bin/python3", "-c", JOIN_PY, str(orders), str(customers)]
    example = BUILD / "examples" / "example_join_regions"
    if example.exists():
        found["flowfile-cpp"] = [str(example), str(orders), str(customers)]
    return found


def report(title: str, cmds: dict[str, list[str]], runs: int) -> None:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for _ in range(runs):  # alternate, so drift hits everyone alike
        for name, cmd in cmds.items():
            times[name].append(run(cmd))
    floor_wall = statistics.median(t for t, _ in times["duckdb-sql"])
    print(f"{title}, medians of {runs} (whole process)")
    print(f"{'contender':<16}{'wall s':>9}{'peak MiB':>10}{'x floor':>9}")
    for name, samples in times.items():
        wall = statistics.median(t for t, _ in samples)
        rss = statistics.median(m for _, m in samples)
        print(f"{name:<16}{wall:>9.3f}{rss:>10.0f}{wall / floor_wall:>9.2f}")
    missing = {"flowfile-py", "flowfile-cpp"} - set(cmds)
    if missing:
        print(f"not measured (not built yet): {', '.join(sorted(missing))}")


def contenders(data: pathlib.Path) -> dict[str, list[str]]:
    found = {"duckdb-sql": [str(BUILD / "bench" / "bench_duckdb_sql"), SEED_SQL.format(file=data)]}
    if (BENCH / "node_modules" / "nodejs-polars").exists():
        node = ["node", str(BENCH / "polars_seed.mjs"), str(data)]
        found["polars-stream"] = node + ["streaming"]
        found["polars-default"] = node + ["default"]
    probe = subprocess.run(["/usr/bin/python3", "-c", "import flowfile as ff; ff.scan_parquet"],
                           capture_output=True)
    if probe.returncode == 0:
        found["flowfile-py"] = ["/usr/bin/python3", "-c", SEED_PY, str(data)]
    example = BUILD / "examples" / "example_seed_pipeline"
    if example.exists():
        found["flowfile-cpp"] = [str(example), str(data)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workload", choices=["seed", "join", "all"], default="all")
    parser.add_argument("--data-dir", default=str(ROOT / "build" / "bench-data"))
    args = parser.parse_args()
    data_dir = pathlib.Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    data = data_dir / f"seed_{args.rows}.parquet"
    make_data(data, args.rows)

    if args.workload in ("seed", "all"):
        report(f"seed pipeline, {args.rows:,} rows", contenders(data), args.runs)
    if args.workload in ("join", "all"):
        customers = data_dir / f"customers_{args.rows // 10}.parquet"
        make_customers(customers, args.rows // 10)
        report(f"join {args.rows:,} x {args.rows // 10:,} + group by region, segment",
               join_contenders(data, customers), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
