"""Flowfile's main job, run by scripts/run with the embedded defaults.

It shows the product's promise end to end on this machine, in a demo home of its own (your
own Flowfile home is not touched unless FLOWFILE_HOME names it): a connection and a secret
registered once into the encrypted store and used by name from Python and the CLI, the seed
pipeline on DuckDB with its flow graph, the result written to the catalog with its history,
and the key's fingerprint (never the key). Then it starts the web app on the same home.
"""

import os
import sqlite3
import subprocess
import sys

# Before flowfile is imported: the demo's home, unless the caller chose one.
os.environ.setdefault("FLOWFILE_HOME", os.path.join(
    os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "flowfile-demo"))

import flowfile as ff  # noqa: E402


def main() -> int:
    home = ff.config_dir()
    print(f"Flowfile demo home: {home} (set FLOWFILE_HOME to use another)")

    demo_db = os.path.join(home, "demo", "orders.db")
    os.makedirs(os.path.dirname(demo_db), mode=0o700, exist_ok=True)
    with sqlite3.connect(demo_db) as db:
        db.execute("CREATE TABLE IF NOT EXISTS orders (order_id INTEGER PRIMARY KEY, "
                   "customer_id INTEGER, amount REAL, order_date TEXT)")
        if db.execute("SELECT count(*) FROM orders").fetchone()[0] == 0:
            db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)",
                           [(1, 10, 120.5, "2026-01-03"), (2, 11, 80.0, "2026-02-11"),
                            (3, 10, 310.0, "2026-03-07")])

    ff.create_database_connection_if_not_exists(
        "demo_orders", database_type="sqlite", database=demo_db)
    if "demo_api_token" not in [s.name for s in ff.secrets.list()]:
        ff.secrets.set("demo_api_token", ff.SecretStr(os.urandom(16).hex()))

    print("\nConnections and secrets (the CLI reads the same store):")
    sys.stdout.flush()
    for args in (["connections", "list"], ["secrets", "list"], ["connections", "test", "demo_orders"]):
        subprocess.run(["flowfile", *args], check=True)

    print("\nThe seed pipeline (lazy frames on DuckDB; descriptions become graph nodes):")
    result = (
        ff.from_dict({"id": [1, 2, 3, 4, 5], "category": ["A", "B", "A", "C", "B"],
                      "value": [100, 200, 150, 300, 250]})
        .filter(ff.col("value") > 120, description="Drop low-value rows")
        .with_columns([(ff.col("value") * 1.1).alias("adjusted_value"),
                       ff.when(ff.col("category") == "A").then(ff.lit("Premium"))
                       .when(ff.col("category") == "B").then(ff.lit("Standard"))
                       .otherwise(ff.lit("Basic")).alias("tier")],
                      description="Compute adjusted value and pricing tier")
        .group_by("tier")
        .agg([ff.col("adjusted_value").sum().alias("total_value"),
              ff.col("id").count().alias("count")])
        .sort("total_value", descending=True)
    )
    print(result.collect())
    print(result.flow_graph)
    flow = os.path.join(home, "flows", "seed_pipeline.yaml")
    os.makedirs(os.path.dirname(flow), exist_ok=True)
    result.save_graph(flow)
    print(f"flow saved to {flow}; `flowfile run {flow}` runs it again")

    print("\nThe result in the catalog (a Delta table; each write is a version):")
    result.write_catalog_table("demo.seed_summary", write_mode="overwrite")
    sys.stdout.flush()
    for args in (["catalog", "list"], ["catalog", "history", "demo.seed_summary"]):
        subprocess.run(["flowfile", *args], check=True)

    info = ff.key_info()
    print(f"\nMaster key: source {info['source']}, fingerprint {info['fingerprint']}, "
          f"{info['secrets_encrypted']} stored value(s) under it")
    sys.stdout.flush()

    # The web app on the same home, when someone is there to use it (Ctrl-C stops it).
    if "--no-ui" in sys.argv[1:] or not sys.stdout.isatty():
        print("\nStart the web app on this home with: flowfile ui")
        return 0
    print("\nThe web app on the same home (Ctrl-C stops it):")
    sys.stdout.flush()
    try:
        return subprocess.run(["flowfile", "ui"]).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
