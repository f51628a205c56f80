"""Comparisons across kinds raise (as in Polars) instead of being cast silently."""

import datetime

import pytest


@pytest.fixture
def frame(ff):
    return ff.from_dict({"amount": [1, 3, 5], "price": [1.5, 2.5, 3.5], "ok": [True, False, True],
                         "d": ["2026-01-01", "2026-02-01", "2026-03-01"],
                         "s": ["1", "3", "5"]}).with_columns(ff.col("d").str.to_date())


@pytest.mark.parametrize("make", [
    lambda ff: ff.col("amount") > "2",
    lambda ff: ff.col("s") == 1,
    lambda ff: ff.col("price") <= "2.5",
    lambda ff: ff.col("ok") == "true",
    lambda ff: ff.col("d") > 5,
    lambda ff: ff.col("s") != True,  # noqa: E712
])
def test_mixed_kinds_raise(ff, frame, make):
    with pytest.raises(ValueError, match="cannot compare .* different kinds .* cast one side"):
        frame.filter(make(ff)).collect()


def test_same_kinds_and_dates_from_strings_work(ff, frame):
    assert frame.filter(ff.col("amount") > 2).collect().height == 2
    assert frame.filter(ff.col("price") > 2).collect().height == 2       # float vs int
    assert frame.filter(ff.col("s") == "3").collect().height == 1
    assert frame.filter(ff.col("ok") == True).collect().height == 2     # noqa: E712
    assert frame.filter(ff.col("d") >= "2026-02-01").collect().height == 2  # as the seed does
    assert frame.filter(ff.col("d") < datetime.date(2026, 2, 1)).collect().height == 1
    assert frame.filter(ff.col("s").cast(ff.Int64) > 2).collect().height == 2
    assert frame.filter(ff.col("amount").is_null() | (ff.col("amount") == None)).collect().height == 0  # noqa: E711


def test_a_long_chain_of_filters_plans_quickly(ff, frame):
    import time
    chained = frame
    for i in range(200):
        chained = chained.filter(ff.col("amount") > i - 1000)
    started = time.monotonic()
    assert chained.collect().height == 3
    assert time.monotonic() - started < 5
