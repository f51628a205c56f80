"""Every expression of issue #8 on small inputs, with expected values worked out by hand.

Polars is the reference: where DuckDB's SQL differs (float -> int casts, floor division, null
ranks, n_unique with nulls, string slices), the expected value is Polars' answer.
"""

import datetime as dt
import math

import pytest


def column(frame, expr):
    """The values of one expression evaluated over `frame` (one output column)."""
    df = frame.select(expr).collect()
    assert df.width == 1
    return df.to_dict(as_series=False)[df.columns[0]]


@pytest.fixture
def nums(ff):
    return ff.from_dict({"a": [1, 2, None, 4], "b": [10.0, 20.5, 30.0, None],
                         "g": ["x", "y", "x", "y"]})


# ---- col, lit, arithmetic, comparisons, boolean logic


def test_select_of_scalars_gives_one_row(ff, nums):
    assert nums.select(ff.lit(1).alias("one")).collect().rows() == [(1,)]
    assert nums.select(ff.lit(1).alias("one"), ff.len()).collect().rows() == [(1, 4)]
    assert nums.select(ff.col("a").max(), ff.lit("x").alias("s")).collect().rows() == [(4, "x")]
    # Beside a row-wise column, scalars are broadcast.
    assert nums.select("a", ff.lit(0).alias("z")).collect()["z"].to_list() == [0, 0, 0, 0]


def test_col_and_lit(ff, nums):
    assert column(nums, ff.col("a")) == [1, 2, None, 4]
    df = nums.select(ff.col("a"), ff.lit(7).alias("seven"), ff.lit("s").alias("s")).collect()
    assert df.to_dict(as_series=False) == {"a": [1, 2, None, 4], "seven": [7, 7, 7, 7],
                                           "s": ["s", "s", "s", "s"]}


def test_arithmetic_with_nulls_and_reflected_operands(ff, nums):
    a = ff.col("a")
    assert column(nums, (a + 1).alias("r")) == [2, 3, None, 5]
    assert column(nums, (10 - a).alias("r")) == [9, 8, None, 6]
    assert column(nums, (a * 3).alias("r")) == [3, 6, None, 12]
    # True division of integers gives floats, as in Polars.
    assert column(nums, (a / 2).alias("r")) == [0.5, 1.0, None, 2.0]
    assert column(nums, (a ** 2).alias("r")) == [1.0, 4.0, None, 16.0]
    assert column(nums, (ff.col("b") - ff.col("a")).alias("r")) == [9.0, 18.5, None, None]


def test_floor_division_and_modulo_follow_python_signs(ff):
    frame = ff.from_dict({"x": [7, -7, 7, -7], "y": [2, 2, -2, -2]})
    # Polars floors (like Python): -7 // 2 == -4, and the remainder takes the divisor's sign.
    assert column(frame, (ff.col("x") // ff.col("y")).alias("q")) == [3, -4, -4, 3]
    assert column(frame, (ff.col("x") % ff.col("y")).alias("m")) == [1, 1, -1, -1]


def test_comparisons_and_boolean_logic(ff, nums):
    a = ff.col("a")
    assert column(nums, (a > 1).alias("r")) == [False, True, None, True]
    assert column(nums, (a >= 2).alias("r")) == [False, True, None, True]
    assert column(nums, (a < 2).alias("r")) == [True, False, None, False]
    assert column(nums, (a <= 2).alias("r")) == [True, True, None, False]
    assert column(nums, (a == 2).alias("r")) == [False, True, None, False]
    assert column(nums, (a != 2).alias("r")) == [True, False, None, True]
    both = ((a > 1) & (ff.col("g") == "y")).alias("r")
    assert column(nums, both) == [False, True, False, True]  # null & false is false
    either = ((a > 3) | (ff.col("g") == "x")).alias("r")
    assert column(nums, either) == [True, False, True, True]  # null | true is true
    assert column(nums, (~(a > 1)).alias("r")) == [True, False, None, False]


def test_filter_with_combined_predicates(ff, nums):
    df = nums.filter((ff.col("a") > 1) & (ff.col("b").is_not_null())).collect()
    assert df.rows() == [(2, 20.5, "y")]


# ---- nulls, membership, ranges


def test_is_null_is_not_null(ff, nums):
    assert column(nums, ff.col("a").is_null()) == [False, False, True, False]
    assert column(nums, ff.col("b").is_not_null()) == [True, True, True, False]


def test_fill_null_with_value_and_expression(ff, nums):
    assert column(nums, ff.col("a").fill_null(0)) == [1, 2, 0, 4]
    assert column(nums, ff.col("b").fill_null(ff.col("a"))) == [10.0, 20.5, 30.0, 4.0]
    # The output keeps the column's name.
    assert nums.select(ff.col("a").fill_null(0)).columns == ["a"]


def test_is_in(ff, nums):
    assert column(nums, ff.col("g").is_in(["y", "z"])) == [False, True, False, True]
    assert column(nums, ff.col("a").is_in([1, 4])) == [True, False, None, True]
    assert column(nums, ff.col("a").is_in([])) == [False, False, False, False]


def test_is_between_closed_variants(ff):
    frame = ff.from_dict({"x": [1, 2, 3, 4, 5]})
    x = ff.col("x")
    assert column(frame, x.is_between(2, 4)) == [False, True, True, True, False]
    assert column(frame, x.is_between(2, 4, closed="left")) == [False, True, True, False, False]
    assert column(frame, x.is_between(2, 4, closed="right")) == [False, False, True, True, False]
    assert column(frame, x.is_between(2, 4, closed="none")) == [False, False, True, False, False]


# ---- casts, alias, round, abs


def test_cast_float_to_int_truncates_like_polars(ff):
    frame = ff.from_dict({"f": [1.7, -1.7, 2.5, -0.5]})
    assert column(frame, ff.col("f").cast(ff.Int64)) == [1, -1, 2, 0]
    # Also when the float comes from an expression, not a plain column.
    assert column(frame, (ff.col("f") * 2).cast(ff.Int32).alias("r")) == [3, -3, 5, -1]


def test_cast_other_types(ff):
    frame = ff.from_dict({"i": [1, 0, 12], "s": ["3", "4", "5"]})
    assert column(frame, ff.col("i").cast(ff.String)) == ["1", "0", "12"]
    assert column(frame, ff.col("s").cast(ff.Int64)) == [3, 4, 5]
    assert column(frame, ff.col("i").cast(ff.Boolean)) == [True, False, True]
    assert column(frame, ff.col("i").cast(ff.Float64)) == [1.0, 0.0, 12.0]
    schema = frame.select(ff.col("i").cast(ff.UInt8), ff.col("s").cast(ff.Int16)).schema
    assert schema == {"i": ff.UInt8, "s": ff.Int16}


def test_strict_cast_of_bad_string_fails_and_non_strict_gives_null(ff):
    frame = ff.from_dict({"s": ["1", "x"]})
    assert column(frame, ff.col("s").cast(ff.Int64, strict=False)) == [1, None]
    with pytest.raises(Exception):
        frame.select(ff.col("s").cast(ff.Int64)).collect()


def test_alias_renames_output(ff, nums):
    assert nums.select((ff.col("a") * 2).alias("twice")).columns == ["twice"]


def test_round_and_abs(ff):
    # No exact halves: Polars' default tie rule changed between versions.
    frame = ff.from_dict({"x": [1.234, -2.567, 0.74]})
    assert column(frame, ff.col("x").round(1)) == [1.2, -2.6, 0.7]
    assert column(frame, ff.col("x").abs()) == [1.234, 2.567, 0.74]
    assert column(frame, ff.col("x").round(0)) == [1.0, -3.0, 1.0]
    assert column(ff.from_dict({"i": [-3, 4]}), ff.col("i").abs()) == [3, 4]


# ---- when / then / otherwise


def test_when_then_chain_and_otherwise(ff, nums):
    expr = (ff.when(ff.col("a") < 2).then(ff.lit("low"))
            .when(ff.col("a") < 4).then(ff.lit("mid"))
            .otherwise(ff.lit("high")).alias("band"))
    # A null condition is not true: the row falls through to otherwise.
    assert column(nums, expr) == ["low", "mid", "high", "high"]


def test_when_without_otherwise_is_null(ff, nums):
    expr = ff.when(ff.col("g") == "x").then(ff.col("a"))
    values = nums.with_columns(expr.otherwise(None).alias("r")).collect()["r"].to_list()
    assert values == [1, None, None, None]


def test_when_chain_without_otherwise_and_output_name(ff, nums):
    expr = ff.when(ff.col("a") > 1).then(ff.col("a")).when(ff.col("a") > 5).then(0).alias("r")
    assert nums.with_columns(expr).collect()["r"].to_list() == [None, 2, None, 4]
    # Polars names the result after the first `then`.
    assert nums.select(ff.when(ff.col("a") == 1).then(ff.col("b")).otherwise(0)).columns == ["b"]


def test_col_with_several_names_or_a_dtype(ff, nums):
    assert nums.select(ff.col("a", "b") * 2).collect().to_dict(as_series=False) == {
        "a": [2, 4, None, 8], "b": [20.0, 41.0, 60.0, None]}
    assert nums.select(ff.col(["g", "a"])).columns == ["g", "a"]  # in the order given
    assert nums.select(ff.selectors.by_name("b", "a")).columns == ["b", "a"]
    with pytest.raises(ff.NotFoundError) as info:
        nums.select(ff.col("a", "bb"), description="pick two")
    assert "'bb'" in str(info.value) and "pick two" in str(info.value)
    assert nums.select(ff.col(ff.Float64)).columns == ["b"]
    assert nums.select(ff.all()).columns == ["a", "b", "g"]


# ---- strings


@pytest.fixture
def words(ff):
    return ff.from_dict({"s": ["Hello World", "  pad  ", "a-b-c", None, "ümlaut"]})


def test_str_predicates(ff, words):
    s = ff.col("s").str
    assert column(words, s.contains("o W")) == [True, False, False, None, False]
    assert column(words, s.contains("^[a-z]-")) == [False, False, True, None, False]
    assert column(words, s.contains(".", literal=True)) == [False, False, False, None, False]
    assert column(words, s.starts_with("He")) == [True, False, False, None, False]
    assert column(words, s.ends_with("c")) == [False, False, True, None, False]


def test_str_case_and_length(ff, words):
    s = ff.col("s").str
    assert column(words, s.to_uppercase()) == ["HELLO WORLD", "  PAD  ", "A-B-C", None, "ÜMLAUT"]
    assert column(words, s.to_lowercase()) == ["hello world", "  pad  ", "a-b-c", None, "ümlaut"]
    # Characters, not bytes: "ümlaut" is 6 characters (7 bytes).
    assert column(words, s.len_chars()) == [11, 7, 5, None, 6]


def test_str_replace_first_and_all(ff, words):
    s = ff.col("s").str
    assert column(words, s.replace("-", "+")) == ["Hello World", "  pad  ", "a+b-c", None,
                                                  "ümlaut"]
    assert column(words, s.replace_all("-", "+")) == ["Hello World", "  pad  ", "a+b+c", None,
                                                      "ümlaut"]
    assert column(words, s.replace_all("[aeiou]", "_")) == ["H_ll_ W_rld", "  p_d  ", "_-b-c",
                                                            None, "üml__t"]
    assert column(words, s.replace(r"(\w+) (\w+)", "$2 $1")) == ["World Hello", "  pad  ",
                                                                 "a-b-c", None, "ümlaut"]
    assert column(words, s.replace_all(".", "!", literal=True)) == ["Hello World", "  pad  ",
                                                                    "a-b-c", None, "ümlaut"]


def test_str_slice_polars_offsets(ff):
    frame = ff.from_dict({"s": ["abcdef", "ab"]})
    s = ff.col("s").str
    assert column(frame, s.slice(1, 3)) == ["bcd", "b"]
    assert column(frame, s.slice(2)) == ["cdef", ""]
    assert column(frame, s.slice(-2)) == ["ef", "ab"]
    assert column(frame, s.slice(-4, 2)) == ["cd", ""]
    # A negative offset before the start shortens the length (Polars): "ab"[-3:][:2] is "a".
    assert column(frame, s.slice(-3, 2)) == ["de", "a"]


def test_str_strip_chars(ff, words):
    assert column(words, ff.col("s").str.strip_chars()) == ["Hello World", "pad", "a-b-c", None,
                                                            "ümlaut"]
    frame = ff.from_dict({"s": ["xxhixx", "x"]})
    assert column(frame, ff.col("s").str.strip_chars("x")) == ["hi", ""]


def test_str_split_gives_lists(ff, words):
    df = words.select(ff.col("s").str.split("-")).collect()
    assert df.schema["s"] == ff.List(ff.String)
    assert df["s"].to_list() == [["Hello World"], ["  pad  "], ["a", "b", "c"], None, ["ümlaut"]]


def test_str_concat_aggregates_with_delimiter(ff):
    frame = ff.from_dict({"s": ["a", "b", "c"]})
    assert column(frame, ff.col("s").str.concat("-")) == ["a-b-c"]


def test_concat_str(ff):
    frame = ff.from_dict({"a": ["x", "y", None], "n": [1, 2, 3]})
    expr = ff.concat_str([ff.col("a"), ff.col("n")], separator="_").alias("c")
    assert column(frame, expr) == ["x_1", "y_2", None]


def test_str_strptime_to_date_to_datetime(ff):
    frame = ff.from_dict({"d": ["2024-03-05", "2023-12-31"], "t": ["05/03/2024 14:30",
                                                                   "31/12/2023 00:00"]})
    assert column(frame, ff.col("d").str.to_date()) == [dt.date(2024, 3, 5),
                                                        dt.date(2023, 12, 31)]
    assert column(frame, ff.col("d").str.to_date("%Y-%m-%d")) == [dt.date(2024, 3, 5),
                                                                  dt.date(2023, 12, 31)]
    assert column(frame, ff.col("t").str.to_datetime("%d/%m/%Y %H:%M")) == [
        dt.datetime(2024, 3, 5, 14, 30), dt.datetime(2023, 12, 31, 0, 0)]
    parsed = frame.select(ff.col("t").str.strptime(ff.Datetime, "%d/%m/%Y %H:%M"),
                          ff.col("d").str.strptime(ff.Date, "%Y-%m-%d"))
    assert parsed.schema == {"t": ff.Datetime("us"), "d": ff.Date}
    assert parsed.collect().row(0) == (dt.datetime(2024, 3, 5, 14, 30), dt.date(2024, 3, 5))


# ---- temporal


@pytest.fixture
def times(ff):
    return ff.from_dict({"t": [dt.datetime(2024, 3, 4, 13, 45, 30),   # a Monday
                               dt.datetime(2024, 3, 10, 1, 2, 3),     # a Sunday
                               None],
                         "d": [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2023, 12, 1)]})


def test_dt_parts(ff, times):
    t = ff.col("t").dt
    assert column(times, t.year()) == [2024, 2024, None]
    assert column(times, t.month()) == [3, 3, None]
    assert column(times, t.day()) == [4, 10, None]
    assert column(times, t.hour()) == [13, 1, None]
    assert column(times, t.minute()) == [45, 2, None]
    assert column(times, t.second()) == [30, 3, None]
    # Polars: Monday is 1, Sunday is 7.
    assert column(times, t.weekday()) == [1, 7, None]
    assert column(times, ff.col("d").dt.weekday()) == [3, 4, 5]


def test_dt_truncate(ff, times):
    assert column(times, ff.col("t").dt.truncate("1h")) == [dt.datetime(2024, 3, 4, 13),
                                                           dt.datetime(2024, 3, 10, 1), None]
    assert column(times, ff.col("t").dt.truncate("1mo")) == [dt.datetime(2024, 3, 1),
                                                            dt.datetime(2024, 3, 1), None]
    assert column(times, ff.col("d").dt.truncate("1y")) == [dt.date(2024, 1, 1),
                                                           dt.date(2024, 1, 1),
                                                           dt.date(2023, 1, 1)]
    assert times.select(ff.col("d").dt.truncate("1mo")).schema == {"d": ff.Date}


def test_dt_truncate_counts_buckets_from_the_epoch(ff):
    frame = ff.from_dict({"t": [dt.datetime(2024, 3, 4, 13, 47), dt.datetime(2024, 3, 5, 1, 2)],
                          "d": [dt.date(2024, 3, 4), dt.date(2024, 3, 5)]})
    # 2024-03-04 is day 19786 since 1970-01-01 (even), so 2-day buckets start on it.
    assert column(frame, ff.col("d").dt.truncate("2d")) == [dt.date(2024, 3, 4),
                                                           dt.date(2024, 3, 4)]
    assert column(frame, ff.col("t").dt.truncate("2d")) == [dt.datetime(2024, 3, 4),
                                                           dt.datetime(2024, 3, 4)]
    # Hour 474877 since the epoch is 1 past a multiple of 3.
    assert column(frame, ff.col("t").dt.truncate("3h")) == [dt.datetime(2024, 3, 4, 12),
                                                           dt.datetime(2024, 3, 5, 0)]
    assert column(frame, ff.col("t").dt.truncate("15m")) == [dt.datetime(2024, 3, 4, 13, 45),
                                                            dt.datetime(2024, 3, 5, 1, 0)]
    # Weeks start on Monday (2024-03-04 is one).
    assert column(frame, ff.col("d").dt.truncate("1w")) == [dt.date(2024, 3, 4),
                                                           dt.date(2024, 3, 4)]


def test_dt_offset_by(ff, times):
    assert column(times, ff.col("t").dt.offset_by("1d2h")) == [dt.datetime(2024, 3, 5, 15, 45, 30),
                                                              dt.datetime(2024, 3, 11, 3, 2, 3),
                                                              None]
    # Month arithmetic clamps to the month's end, as Polars does.
    assert column(times, ff.col("d").dt.offset_by("1mo")) == [dt.date(2024, 2, 29),
                                                             dt.date(2024, 3, 29),
                                                             dt.date(2024, 1, 1)]
    assert column(times, ff.col("d").dt.offset_by("-1w")) == [dt.date(2024, 1, 24),
                                                             dt.date(2024, 2, 22),
                                                             dt.date(2023, 11, 24)]
    assert times.select(ff.col("d").dt.offset_by("1d")).schema == {"d": ff.Date}


# ---- aggregates


@pytest.fixture
def agg_frame(ff):
    return ff.from_dict({"x": [4, 1, None, 3, 2], "s": ["b", "a", None, "a", "c"]})


def test_basic_aggregates(ff, agg_frame):
    x = ff.col("x")
    df = agg_frame.select(x.sum().alias("sum"), x.mean().alias("mean"),
                          x.median().alias("median"), x.min().alias("min"),
                          x.max().alias("max")).collect()
    assert df.row(0) == (10, 2.5, 2.5, 1, 4)


def test_count_excludes_nulls_and_len_counts_rows(ff, agg_frame):
    df = agg_frame.select(ff.col("x").count().alias("count"), ff.col("x").len().alias("xl"),
                          ff.len().alias("len")).collect()
    assert df.row(0) == (4, 5, 5)


def test_n_unique_counts_null_as_a_value(ff, agg_frame):
    assert column(agg_frame, ff.col("s").n_unique()) == [4]  # a, b, c, null
    assert column(agg_frame, ff.col("x").n_unique()) == [5]


def test_first_and_last_keep_row_order(ff, agg_frame):
    assert column(agg_frame, ff.col("x").first()) == [4]
    assert column(agg_frame, ff.col("x").last()) == [2]


def test_std_and_var_use_ddof_one_by_default(ff, agg_frame):
    # values 4, 1, 3, 2: mean 2.5, squared deviations 2.25+2.25+0.25+0.25 = 5
    df = agg_frame.select(ff.col("x").std().alias("std"), ff.col("x").var().alias("var"),
                          ff.col("x").std(ddof=0).alias("std0"),
                          ff.col("x").var(0).alias("var0")).collect()
    std, var, std0, var0 = df.row(0)
    assert var == pytest.approx(5 / 3) and std == pytest.approx(math.sqrt(5 / 3))
    assert var0 == pytest.approx(5 / 4) and std0 == pytest.approx(math.sqrt(5 / 4))


def test_quantile_interpolations(ff):
    frame = ff.from_dict({"x": [1, 2, 3, 4]})
    x = ff.col("x")
    # Position (n-1)*q = 1.5 between values 2 and 3.
    assert column(frame, x.quantile(0.5, "linear")) == [2.5]
    assert column(frame, x.quantile(0.5, "lower")) == [2.0]
    assert column(frame, x.quantile(0.5, "higher")) == [3.0]
    assert column(frame, x.quantile(0.5, "midpoint")) == [2.5]
    # Position 0.75 rounds to 1 -> value 2 ("nearest", Polars' default).
    assert column(frame, x.quantile(0.25)) == [2.0]
    assert column(frame, x.quantile(0.0)) == [1.0]
    assert column(frame, x.quantile(1.0)) == [4.0]


def test_aggregate_shortcuts(ff, agg_frame):
    df = agg_frame.select(ff.sum("x").alias("sum"), ff.mean("x").alias("mean"),
                          ff.median("x").alias("median"), ff.min("x").alias("min"),
                          ff.max("x").alias("max"), ff.count("x").alias("count"),
                          ff.n_unique("s").alias("nu"), ff.first("x").alias("first"),
                          ff.last("x").alias("last"), ff.len().alias("len"),
                          ff.var("x").alias("var"), ff.std("x").alias("std"),
                          ff.quantile("x", 0.5, "linear").alias("q")).collect()
    row = df.row(0, named=True)
    assert {k: row[k] for k in ("sum", "mean", "median", "min", "max", "count", "nu", "first",
                                "last", "len")} == {
        "sum": 10, "mean": 2.5, "median": 2.5, "min": 1, "max": 4, "count": 4, "nu": 4,
        "first": 4, "last": 2, "len": 5}
    assert row["var"] == pytest.approx(5 / 3)
    assert row["std"] == pytest.approx(math.sqrt(5 / 3))
    assert row["q"] == pytest.approx(2.5)


# ---- windows: over, rank, cum_sum, shift, diff


@pytest.fixture
def series(ff):
    return ff.from_dict({"g": ["a", "b", "a", "b", "a"], "x": [3, 10, 1, 20, 3]})


def test_over_broadcasts_group_aggregates(ff, series):
    df = series.with_columns(ff.col("x").sum().over("g").alias("total"),
                             ff.col("x").max().over("g").alias("top")).collect()
    assert df["total"].to_list() == [7, 30, 7, 30, 7]
    assert df["top"].to_list() == [3, 20, 3, 20, 3]
    assert df["x"].to_list() == [3, 10, 1, 20, 3]  # row order kept


def test_rank_methods(ff, series):
    x = ff.col("x")
    # values 3, 10, 1, 20, 3: sorted 1, 3, 3, 10, 20
    assert column(series, x.rank()) == [2.5, 4.0, 1.0, 5.0, 2.5]
    assert column(series, x.rank("min")) == [2, 4, 1, 5, 2]
    assert column(series, x.rank("max")) == [3, 4, 1, 5, 3]
    assert column(series, x.rank("dense")) == [2, 3, 1, 4, 2]
    assert column(series, x.rank("ordinal")) == [2, 4, 1, 5, 3]
    assert column(series, x.rank("min", descending=True)) == [3, 2, 5, 1, 3]


def test_rank_leaves_nulls_null(ff):
    frame = ff.from_dict({"x": [5, None, 1]})
    assert column(frame, ff.col("x").rank()) == [2.0, None, 1.0]


def test_rank_over_groups(ff, series):
    assert column(series, ff.col("x").rank("min").over("g")) == [2, 1, 1, 2, 2]


def test_cum_sum_shift_diff_in_row_order(ff, series):
    x = ff.col("x")
    assert column(series, x.cum_sum()) == [3, 13, 14, 34, 37]
    assert column(series, x.shift()) == [None, 3, 10, 1, 20]
    assert column(series, x.shift(2)) == [None, None, 3, 10, 1]
    assert column(series, x.shift(-1)) == [10, 1, 20, 3, None]
    assert column(series, x.diff()) == [None, 7, -9, 19, -17]
    assert column(series, x.diff(2)) == [None, None, -2, 10, 2]


def test_windows_over_groups_keep_row_order(ff, series):
    x = ff.col("x")
    assert column(series, x.cum_sum().over("g")) == [3, 10, 4, 30, 7]
    assert column(series, x.shift().over("g")) == [None, None, 3, 10, 1]
    assert column(series, x.diff().over("g")) == [None, None, -2, 10, 2]


def test_cum_sum_row_order_survives_a_sort(ff, series):
    frame = series.sort("x", descending=True)
    assert column(frame, ff.col("x").cum_sum()) == [20, 30, 33, 36, 37]


# ---- dtypes and selectors


def test_dtypes_in_schema(ff):
    frame = ff.from_dict({"i": [1], "f": [1.5], "s": ["a"], "b": [True],
                          "d": [dt.date(2024, 1, 1)], "t": [dt.datetime(2024, 1, 1, 1)],
                          "l": [[1, 2]]})
    assert frame.schema == {"i": ff.Int64, "f": ff.Float64, "s": ff.String, "b": ff.Boolean,
                            "d": ff.Date, "t": ff.Datetime("us"), "l": ff.List(ff.Int64)}
    assert ff.Utf8 == ff.String


@pytest.mark.parametrize("name", ["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32",
                                  "UInt64", "Float32", "Float64", "String", "Boolean"])
def test_every_simple_dtype_round_trips_through_a_cast(ff, name):
    dtype = getattr(ff, name)
    frame = ff.from_dict({"x": [1]}).select(ff.col("x").cast(dtype))
    assert frame.schema["x"] == dtype
    expected = {"String": "1", "Boolean": True, "Float32": 1.0, "Float64": 1.0}.get(name, 1)
    assert frame.collect()["x"].to_list() == [expected]


def test_parametrised_dtypes(ff):
    frame = ff.from_dict({"x": [1], "s": ["1.25"], "t": ["2024-01-02 03:04:05"]})
    schema = frame.select(ff.col("s").cast(ff.Decimal(10, 2)), ff.col("t").cast(ff.Datetime("ms")),
                          ff.col("t").cast(ff.Date).alias("d")).schema
    assert schema["s"] == ff.Decimal(10, 2)
    assert schema["t"] == ff.Datetime("ms")
    assert schema["d"] == ff.Date
    from decimal import Decimal
    assert frame.select(ff.col("s").cast(ff.Decimal(10, 2))).collect()["s"].to_list() == [
        Decimal("1.25")]


def test_duration_and_struct_dtypes(ff):
    frame = ff.from_dict({"a": [dt.datetime(2024, 1, 2)], "b": [dt.datetime(2024, 1, 1)]})
    df = frame.select((ff.col("a") - ff.col("b")).alias("gap")).collect()
    assert df.schema["gap"] == ff.Duration
    assert df["gap"].to_list() == [dt.timedelta(days=1)]
    assert repr(ff.Struct({"k": ff.Int64})) == "Struct({'k': Int64})"
    assert ff.Struct({"k": ff.Int64})._sql == 'STRUCT("k" BIGINT)'


@pytest.fixture
def wide(ff):
    return ff.from_dict({"id": [1], "price_eur": [2.5], "name": ["n"], "day": [dt.date(2024, 1, 1)],
                         "ok": [True], "price_usd": [3.0], "stamp": [dt.datetime(2024, 1, 1)]})


def test_selectors(ff, wide):
    cs = ff.selectors
    assert wide.select(cs.numeric()).columns == ["id", "price_eur", "price_usd"]
    assert wide.select(cs.string()).columns == ["name"]
    assert wide.select(cs.temporal()).columns == ["day", "stamp"]
    assert wide.select(cs.by_dtype(ff.Float64)).columns == ["price_eur", "price_usd"]
    assert wide.select(cs.by_dtype(ff.Int64, ff.Boolean)).columns == ["id", "ok"]
    assert wide.select(cs.starts_with("price")).columns == ["price_eur", "price_usd"]
    assert wide.select(cs.ends_with("_usd")).columns == ["price_usd"]
    assert wide.select(cs.contains("am")).columns == ["name", "stamp"]
    assert wide.select(cs.matches("^[a-d]")).columns == ["day"]


def test_selector_inside_an_expression_applies_per_column(ff, wide):
    df = wide.select((ff.selectors.starts_with("price") * 2)).collect()
    assert df.to_dict(as_series=False) == {"price_eur": [5.0], "price_usd": [6.0]}


def test_first_last_and_quantile_over_groups(ff, series):
    x = ff.col("x")
    assert column(series, x.first().over("g")) == [3, 10, 3, 10, 3]
    assert column(series, x.last().over("g")) == [3, 20, 3, 20, 3]
    # group a: 3, 1, 3 -> sorted 1, 3, 3; group b: 10, 20
    assert column(series, x.quantile(0.5, "lower").over("g")) == [3.0, 10.0, 3.0, 10.0, 3.0]
    assert column(series, x.n_unique().over("g")) == [2, 2, 2, 2, 2]


def test_integer_sums_keep_polars_types(ff):
    frame = ff.from_dict({"g": ["a", "a", "b"], "x": [1, 2, 3]}).with_columns(
        ff.col("x").cast(ff.Int32).alias("x32"))
    assert frame.select(ff.col("x").sum()).schema == {"x": ff.Int64}
    assert frame.select(ff.col("x32").sum()).schema == {"x32": ff.Int32}
    grouped = frame.group_by("g", maintain_order=True).agg(ff.col("x").sum())
    assert grouped.schema == {"g": ff.String, "x": ff.Int64}
    assert grouped.collect()["x"].to_list() == [3, 3]
    assert frame.select(ff.col("x").cum_sum()).schema == {"x": ff.Int64}
    values = frame.with_columns(t=ff.col("x").sum().over("g")).collect()["t"].to_list()
    assert values == [3, 3, 3] and all(type(v) is int for v in values)


def test_struct_values_round_trip(ff):
    frame = ff.from_dict({"s": [{"k": 1, "v": "a"}, {"k": 2, "v": None}]})
    assert frame.schema == {"s": ff.Struct({"k": ff.Int64, "v": ff.String})}
    assert frame.collect()["s"].to_list() == [{"k": 1, "v": "a"}, {"k": 2, "v": None}]


def test_to_sql_and_explain_show_one_query(ff, nums):
    frame = nums.filter(ff.col("a") > 1).select("a")
    sql = frame.to_sql()
    assert sql.startswith("WITH") and '"a" > 1' in sql
    plan = frame.explain()
    assert "WITH" in plan and ("FILTER" in plan.upper() or "SCAN" in plan.upper())


def test_result_dtypes_follow_polars(ff, times):
    frame = ff.from_dict({"x": [1, 2, 2], "s": ["a", "bb", None]})
    x = ff.col("x")
    schema = frame.select(x.mean().alias("mean"), x.median().alias("median"),
                          x.std().alias("std"), x.rank().alias("average")).schema
    assert schema == {"mean": ff.Float64, "median": ff.Float64, "std": ff.Float64,
                      "average": ff.Float64}
    t = ff.col("t").dt
    parts = times.select(t.year().alias("y"), t.month().alias("m"), t.day().alias("d"),
                         t.hour().alias("h"), t.minute().alias("mi"), t.second().alias("s"),
                         t.weekday().alias("w")).schema
    assert parts == {"y": ff.Int32, "m": ff.Int8, "d": ff.Int8, "h": ff.Int8, "mi": ff.Int8,
                     "s": ff.Int8, "w": ff.Int8}


@pytest.mark.xfail(reason="counts are Int64, Polars gives UInt32 (count, len, n_unique, integer "
                   "ranks, len_chars); casting breaks C++ callers that read counts as "
                   "Value::integer (examples/), a decision for the lead", strict=True)
def test_count_dtypes_are_uint32_like_polars(ff):
    frame = ff.from_dict({"x": [1, 2, 2]})
    schema = frame.select(ff.col("x").count().alias("count"), ff.len().alias("len"),
                          ff.col("x").n_unique().alias("n_unique")).schema
    assert schema == {"count": ff.UInt32, "len": ff.UInt32, "n_unique": ff.UInt32}


def test_with_columns_replacing_a_column_by_a_window_keeps_rows(ff, series):
    df = series.with_columns(ff.col("x").cum_sum().over("g"), prev=ff.col("x").shift()).collect()
    assert df.columns == ["g", "x", "prev"]
    assert df.rows() == [("a", 3, None), ("b", 10, 3), ("a", 4, 10), ("b", 30, 1),
                         ("a", 7, 20)]


def test_filter_by_a_window_keeps_rows(ff, series):
    df = series.filter(ff.col("x") >= ff.col("x").mean().over("g")).collect()
    # group a: mean 7/3 -> 3, 3 pass; group b: mean 15 -> 20 passes
    assert df.rows() == [("a", 3), ("b", 20), ("a", 3)]
