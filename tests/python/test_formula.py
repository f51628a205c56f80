"""ff.formula: Flowfile's formula language as an expression, anywhere an expression goes."""

import pytest


@pytest.fixture
def orders(ff):
    return ff.from_dict({"price": [10.0, 20.0, 5.0], "qty": [1, 3, None],
                         "city": ["Amsterdam", "Utrecht", "Amsterdam"]})


def test_with_columns_and_output_names(ff, orders):
    out = orders.with_columns(ff.formula("[price] * [qty]").alias("total"),
                              ff.formula("uppercase([city])")).collect()
    assert out.columns == ["price", "qty", "city", "total"]  # unaliased: named after [city]
    assert out["total"].to_list() == [10.0, 60.0, None]
    assert out["city"].to_list() == ["AMSTERDAM", "UTRECHT", "AMSTERDAM"]
    assert orders.select(ff.formula("1 + 1")).collect().columns == ["literal"]


def test_filter_keeps_true_rows_only(ff, orders):
    assert orders.filter(ff.formula("[city] = 'Amsterdam' and [price] > 6")).collect().height == 1
    assert orders.filter(ff.formula("[qty] > 0")).collect().height == 2  # null drops the row


def test_flowfile_precedence_and_conditionals(ff, orders):
    out = orders.select(
        ff.formula("[qty] + 1 = 3").alias("eq_binds_tight"),
        ff.formula("if [price] >= 20 then 'high' elseif [price] >= 10 then 'mid' else 'low' endif")
        .alias("band"),
        ff.formula("round([price] / 3, 2)").alias("third"),
    ).collect()
    assert out["eq_binds_tight"].to_list() == [1, 3, None]  # [qty] + (1 = 3)
    assert out["band"].to_list() == ["mid", "high", "low"]
    assert out["third"].to_list() == [3.33, 6.67, 1.67]


def test_mixes_with_other_expressions(ff, orders):
    out = orders.with_columns((ff.formula("[price] * 2") + ff.col("price")).alias("x")).collect()
    assert out["x"].to_list() == [30.0, 60.0, 15.0]


def test_syntax_errors_raise_at_once_with_the_position(ff):
    with pytest.raises(ValueError, match=r"line 1, column 10: unexpected end of the formula"):
        ff.formula("[price] *")
    with pytest.raises(ValueError, match="has no 'else' branch"):
        ff.formula("if [a] > 1 then 2 endif")
    with pytest.raises(ValueError, match="did you mean 'uppercase'"):
        ff.formula("upercase([city])")


def test_column_and_type_errors_name_the_problem(ff, orders):
    with pytest.raises(ff.errors.NotFoundError, match="did you mean .price"):
        orders.with_columns(ff.formula("[prise] * 2"))
    with pytest.raises(ValueError, match=r"cannot compare column \[city\] \(String\) with the number 3"):
        orders.filter(ff.formula("[city] > 3")).collect()
