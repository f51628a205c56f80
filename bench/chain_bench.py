"""Long chains of frame steps against the same work written as one query (prints ratios).

  chain_bench.py
Peers, in one run: the schema of 50 with_columns vs the schema of one SELECT adding the same
50 columns; 1,000 chained filters planned and collected vs one filter AND-ing the 1,000
conditions; 1,000 dependent with_columns (not fusable) vs 1; 1,000 mixed steps (with_columns,
filter, select, rename) vs the same work in one query; the schema of 500 steps that each need
their input's types vs the schema of one. Memory is the process's peak RSS growth over the
whole run."""

import resource

import flowfile as ff
from frames_micro import best_of


def row(label, ours, peer):
    print(f"{label:44s} {ours * 1000:9.2f} ms  peer {peer * 1000:9.2f} ms  ratio {ours / peer:6.2f}")


def main() -> None:
    base = ff.from_dict({"n": list(range(100_000)), "x": [float(i) for i in range(100_000)]})
    base = base.cache()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def schema_chain():
        f = base
        for i in range(50):
            f = f.with_columns((ff.col("x") * i).alias(f"c{i}"))
        return f.schema

    def schema_one():
        return base.with_columns(*[(ff.col("x") * i).alias(f"c{i}") for i in range(50)]).schema

    row("schema of 50 with_columns", best_of(schema_chain), best_of(schema_one))

    def filters_chain():
        f = base
        for i in range(1000):
            f = f.filter(ff.col("n") > i - 1000)
        return f.collect().height

    def filters_one():
        cond = ff.col("n") > -1000
        for i in range(1, 1000):
            cond = cond & (ff.col("n") > i - 1000)
        return base.filter(cond).collect().height

    row("plan + run 1,000 chained filters", best_of(filters_chain, 3), best_of(filters_one, 3))

    def dependent_chain():
        f = base
        for _ in range(1000):
            f = f.with_columns((ff.col("x") + 1).alias("x"))
        return f.collect().height

    def dependent_one():
        return base.with_columns((ff.col("x") + 1000).alias("x")).collect().height

    row("plan + run 1,000 dependent with_columns", best_of(dependent_chain, 3),
        best_of(dependent_one, 3))

    def mixed_chain():
        f = base
        for i in range(1000):
            f = [f.with_columns((ff.col("x") + 1).alias("x")), f.filter(ff.col("n") > i - 5000),
                 f.select("n", "x"), f.rename({"x": "y"}).rename({"y": "x"})][i % 4]
        return f.collect().height

    def mixed_one():
        return base.filter(ff.col("n") > -4000).with_columns(
            (ff.col("x") + 250).alias("x")).select("n", "x").collect().height

    row("plan + run 1,000 mixed steps", best_of(mixed_chain, 3), best_of(mixed_one, 3))

    def typed_chain():
        f = base
        for i in range(250):
            f = f.filter(ff.col("n") > i - 1000).with_columns(ff.col("n").cast(ff.Int64).alias("n"))
        return f.schema

    def typed_one():
        return base.filter(ff.col("n") > -1000).with_columns(
            ff.col("n").cast(ff.Int64).alias("n")).schema

    row("schema of 500 steps needing input types", best_of(typed_chain), best_of(typed_one))
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    print(f"peak RSS growth over the run: {grown / 1024:.0f} MB")


if __name__ == "__main__":
    main()
