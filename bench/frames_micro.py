"""Frame-layer costs the issue sets limits for (printed, not asserted; run by hand or CI):
building a 100-node chain, the schema of a 50-node chain over Parquet (no data read), and
collecting 10M rows x 3 numeric columns into numpy. Usage: frames_micro.py DATA.parquet"""

import statistics
import sys
import time

import flowfile as ff


def best_of(fn, runs=5):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(path: str) -> None:
    base = ff.from_dict({"a": list(range(100)), "b": [float(i) for i in range(100)]})

    def chain100():
        f = base
        for i in range(100):
            f = f.with_columns((ff.col("a") + i).alias("a"), description=f"step {i}")
        return f

    source = ff.scan_parquet(path)

    def schema50():
        f = source
        for i in range(50):
            f = f.with_columns((ff.col("value") * 2).alias(f"v{i}"))
        return f.schema

    big = source.select("id", "value", "customer_id").collect()

    def numpy3():
        return [big[c].to_numpy() for c in ("id", "value", "customer_id")]

    print(f"build a 100-node chain      {best_of(chain100) * 1000:8.2f} ms   (limit 10 ms)")
    print(f"schema of a 50-node chain   {best_of(schema50) * 1000:8.2f} ms   (limit 20 ms)")
    print(f"10M x 3 columns to numpy    {best_of(numpy3, 3) * 1000:8.2f} ms   (limit 1000 ms)")
    collect = best_of(lambda: source.select("id", "value", "customer_id").collect(), 3)
    print(f"collect 10M x 3 (engine)    {collect * 1000:8.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
