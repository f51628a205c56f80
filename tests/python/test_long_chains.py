"""Long chains of frame steps: runs of filters and of independent with_columns compile to one
SELECT (same rows as the steps one by one), plans of 1,000 steps of any kind, each reading the
one before, plan and run in well under a second with bounded memory, a schema costs one small
bind per step, and no step count overflows a stack."""

import resource
import subprocess
import sys
import textwrap
import time

import pytest


@pytest.fixture
def numbers(ff):
    return ff.from_dict({"n": list(range(1000)), "s": [f"r{i}" for i in range(1000)]})


def test_a_run_of_filters_is_one_where_with_the_same_rows(ff, numbers):
    chained = numbers
    for i in range(50):
        chained = chained.filter(ff.col("n") > i * 10)
    assert chained.explain().count("WHERE") == 1
    assert chained.collect().to_dicts() == numbers.filter(ff.col("n") > 490).collect().to_dicts()


def test_independent_with_columns_fuse_and_keep_every_column_in_order(ff, numbers):
    chained = numbers
    for i in range(50):
        chained = chained.with_columns((ff.col("n") + i).alias(f"c{i}"))
    chained = chained.with_columns((ff.col("n") * 2).alias("n"))  # replaces a base column
    assert chained.explain().count("SELECT") <= 3
    got = chained.collect()
    assert got.columns == ["n", "s"] + [f"c{i}" for i in range(50)]
    row = got.row(7, named=True)
    assert row["n"] == 14 and row["c0"] == 7 and row["c49"] == 56


def test_a_step_reading_what_the_previous_step_wrote_still_sees_the_new_value(ff, numbers):
    # Dependent steps are not fused: each must see the previous one's result.
    chained = (numbers.with_columns((ff.col("n") + 1).alias("n"))
               .with_columns((ff.col("n") * 10).alias("m"))
               .filter(ff.col("m") > 50)
               .with_columns((ff.col("m") + 1).alias("m2"), (ff.col("n") - 1).alias("n")))
    first = chained.collect().row(0, named=True)
    assert first == {"n": 5, "s": "r5", "m": 60, "m2": 61}


def test_a_branch_read_twice_is_not_fused_into_either_reader(ff, numbers):
    base = numbers.filter(ff.col("n") < 10)
    left = base.filter(ff.col("n") > 5)
    right = base.filter(ff.col("n") < 3)
    both = left.join(right, on="s", how="full", coalesce=True)
    assert sorted(r["s"] for r in both.collect().to_dicts()) == sorted(
        ["r6", "r7", "r8", "r9", "r0", "r1", "r2"])


# One step of each chain, given the frame so far and the step's number.
CHAIN_STEPS = {
    "filters": 'frame.filter(ff.col("n") > i - 1000)',
    # each step reads the column the step before wrote: nothing fuses
    "dependent with_columns": 'frame.with_columns((ff.col("x") + 1).alias("x"))',
    "mixed steps": ('[frame.with_columns((ff.col("x") + 1).alias("x")),'
                    ' frame.filter(ff.col("n") > i - 5000),'
                    ' frame.select("n", "x"),'
                    ' frame.rename({"x": "y"}).rename({"y": "x"})][i % 4]'),
}


@pytest.mark.parametrize("kind", CHAIN_STEPS)
def test_a_thousand_steps_plan_and_run_fast_in_bounded_memory(ff, kind):
    script = textwrap.dedent("""
        import resource, sys, time
        import flowfile as ff
        frame = ff.from_dict({"n": list(range(1000)), "x": [0.0] * 1000})
        frame.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.monotonic()
        for i in range(1000):
            frame = STEP
        schema = frame.schema
        result = frame.collect()
        elapsed = time.monotonic() - start
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(result.height, result["x"].max(), elapsed, grown)
    """).replace("STEP", CHAIN_STEPS[kind])
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    height, x_max, elapsed, grown_kb = proc.stdout.split()
    assert int(height) == 1000
    assert float(x_max) == {"filters": 0.0, "dependent with_columns": 1000.0,
                            "mixed steps": 250.0}[kind]
    assert float(elapsed) < 1.0, f"1,000 {kind} took {elapsed} s"
    assert int(grown_kb) < 100 * 1024, f"1,000 {kind} grew the process by {grown_kb} KB"


@pytest.mark.parametrize("steps, limit", [(50, 0.01), (500, 0.1)])
def test_with_columns_chains_have_their_schema_quickly(ff, numbers, steps, limit):
    def schema_time():
        chained = numbers
        for i in range(steps):
            chained = chained.with_columns((ff.col("n") + i).alias(f"c{i}"))
        start = time.monotonic()
        schema = chained.schema  # each time a new chain: nothing cached
        elapsed = time.monotonic() - start
        assert len(schema) == steps + 2
        return elapsed

    elapsed = min(schema_time() for _ in range(3))
    assert elapsed < limit, f"the schema of {steps} with_columns took {elapsed * 1000:.1f} ms"


def test_five_hundred_steps_that_each_need_their_input_types_have_a_schema_quickly(ff, numbers):
    # Comparing a column with a literal and casting both ask the input's types at compile.
    chained = numbers
    for i in range(250):
        chained = (chained.filter(ff.col("n") > i - 1000)
                   .with_columns(ff.col("n").cast(ff.Int64).alias("n")))
    start = time.monotonic()
    schema = chained.schema
    elapsed = time.monotonic() - start  # one bind per step: the input types are asked for
    assert list(schema.names()) == ["n", "s"]
    assert elapsed < 0.1, f"the schema of 500 typed steps took {elapsed * 1000:.1f} ms"


def test_a_schema_bound_step_by_step_keeps_every_type_exactly(ff):
    frame = ff.from_dict({"i": [1], "f": [1.5], "s": ["a"], "b": [True]}).with_columns(
        ff.col("f").cast(ff.Decimal(12, 3)).alias("d"),
        ff.col("s").str.split(",").alias("l"),
        ff.lit(None).alias("z"),
        ff.lit("2024-01-02").str.to_date().alias("day"),
    )
    chained = frame
    for _ in range(5):
        chained = chained.with_columns(ff.col("i").cast(ff.Int32).alias("i"))
        chained = chained.filter(ff.col("i") > 0)
    assert chained.schema == chained.collect().schema


def test_a_chain_too_deep_to_plan_is_refused_quickly_in_our_words(ff, numbers):
    chained = numbers
    for i in range(5000):
        chained = chained.filter(ff.col("n") >= 0) if i % 2 else chained.sort("n")
    start = time.monotonic()
    with pytest.raises(ff.InvalidArgumentError,
                       match=r"500[01] steps deep.*at most 3000.*\.cache\(\)"):
        chained.collect()
    assert time.monotonic() - start < 5


def test_cache_part_way_lets_a_long_chain_run(ff, numbers):
    chained = numbers
    for i in range(1000):
        chained = chained.filter(ff.col("n") >= 0) if i % 2 else chained.sort("n")
        if i % 400 == 399:
            chained = chained.cache()
    assert chained.collect().height == 1000
