"""Start-up and front-end overhead, side by side in one run (medians, whole processes):

  import        `python3 -c "import flowfile"` against loading DuckDB alone from Python
                (ctypes.CDLL of the same libduckdb.so) — goal ≤ 1.25×
  cli           `flowfile --help` and `flowfile connections list` — goal ≤ 30 ms each
  seed          the seed pipeline from Python against the same SQL through DuckDB's C API
                driven from Python (ctypes) — goal ≤ 1.05×

Usage: startup_bench.py [--runs 21] [--rows 10000000]; the build is FLOWFILE_BUILD_DIR
(default build/release) and the module is whatever `import flowfile` finds on PYTHONPATH."""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = pathlib.Path(os.environ.get("FLOWFILE_BUILD_DIR", ROOT / "build" / "release"))
LIBDUCKDB = ROOT / ".deps" / "duckdb" / "libduckdb.so"
sys.path.insert(0, str(ROOT / "bench"))
from run_benchmarks import SEED_PY, SEED_SQL, make_data  # noqa: E402

# The seed query through DuckDB's C API from Python: the floor a Python front end can reach.
DUCKDB_PY = """
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
db, con = ctypes.c_void_p(), ctypes.c_void_p()
assert lib.duckdb_open(None, ctypes.byref(db)) == 0
assert lib.duckdb_connect(db, ctypes.byref(con)) == 0
result = ctypes.create_string_buffer(128)  # duckdb_result is 48 bytes
assert lib.duckdb_query(con, sys.argv[2].encode(), result) == 0
lib.duckdb_row_count.restype = ctypes.c_uint64
print(lib.duckdb_row_count(result), "rows")
lib.duckdb_destroy_result(result)
"""


def wall(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(title: str, contenders: dict[str, list[str]], env: dict, runs: int) -> dict:
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):  # alternate, so drift hits everyone alike
        for name, cmd in contenders.items():
            samples[name].append(wall(cmd, env))
    medians = {name: statistics.median(s) * 1000 for name, s in samples.items()}
    print(title)
    first = next(iter(medians.values()))
    for name, ms in medians.items():
        print(f"  {name:<28}{ms:>9.1f} ms{ms / first:>8.2f}x")
    return medians


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    python = "/usr/bin/python3"
    cli = str(BUILD / "cli" / "flowfile")
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, FLOWFILE_HOME=home, FLOWFILE_KEYRING="0")
        compare("import, against loading DuckDB alone (goal <= 1.25x)", {
            "duckdb (ctypes.CDLL)": [python, "-c", f"import ctypes; ctypes.CDLL({str(LIBDUCKDB)!r})"],
            "import flowfile": [python, "-c", "import flowfile"],
            "python alone": [python, "-c", "pass"],
        }, env, args.runs)
        compare("cli (goal <= 30 ms each)", {
            "flowfile --help": [cli, "--help"],
            "flowfile connections list": [cli, "connections", "list"],
        }, env, args.runs)
        data = BUILD / "bench-data" / f"seed_{args.rows}.parquet"
        data.parent.mkdir(parents=True, exist_ok=True)
        make_data(data, args.rows)
        compare(f"seed pipeline, {args.rows:,} rows (goal <= 1.05x)", {
            "duckdb C API from Python": [python, "-c", DUCKDB_PY, str(LIBDUCKDB),
                                         SEED_SQL.format(file=data)],
            "flowfile from Python": [python, "-c", SEED_PY, str(data)],
        }, env, max(3, args.runs // 4))
    return 0


if __name__ == "__main__":
    sys.exit(main())
