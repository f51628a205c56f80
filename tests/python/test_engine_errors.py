"""Engine errors in our words: the node (its description and its flow_graph number), the column,
the value and the types in our dtype names, and the fix in our API's terms — never DuckDB's
advice. Each suggested fix is then applied and shown to work."""

import pytest

DUCKDB_ADVICE = ("types=", "sample_size", "COPY", "Binder Error", "Candidate functions", "LINE ")


@pytest.fixture
def late_text(tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("id,v\n" + "".join(f"{i},{i}\n" for i in range(30000)) + "30000,abc\n")
    return str(path)


def message_of(action) -> str:
    with pytest.raises(Exception) as raised:
        action()
    text = str(raised.value)
    for advice in DUCKDB_ADVICE:
        assert advice not in text, f"DuckDB's wording leaked: {advice!r} in {text!r}"
    return text


def test_a_csv_value_that_does_not_fit_names_the_line_column_and_our_fixes(ff, late_text):
    text = message_of(lambda: ff.scan_csv(late_text, description="Load readings").collect())
    assert "read 'Load readings' (node 1 of the flow)" in text
    assert "line 30002" in text and "column 'v' holds \"abc\"" in text and "Int64" in text
    for fix in ("schema_overrides", "infer_schema_length=None", "null_values"):
        assert fix in text
    # Each fix works as the message says.
    assert ff.scan_csv(late_text, schema_overrides={"v": ff.String}).collect().height == 30001
    assert ff.scan_csv(late_text, infer_schema_length=None).collect().schema["v"] == ff.String
    with_null = ff.scan_csv(late_text, null_values=["abc"]).collect()
    assert with_null.schema["v"] == ff.Int64 and with_null.null_count().row(0)[1] == 1


def test_an_operator_on_the_wrong_types_names_the_node_and_the_types(ff, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,x\n")
    frame = ff.scan_csv(str(path))
    text = message_of(lambda: frame.with_columns((ff.col("b") + 1).alias("c"),
                                                 description="Add one").collect())
    assert "formula 'Add one' (node 2 of the flow)" in text
    assert "the operator + cannot take (String, an integer literal)" in text
    assert ".cast(" in text


def test_a_failed_cast_offers_strict_false(ff, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,x\n2,7\n")
    frame = ff.scan_csv(str(path)).with_columns(ff.col("b").cast(ff.Int64), description="To int")
    text = message_of(frame.collect)
    assert "column 'b' holds 'x', which cannot be cast to Int64" in text
    assert "strict=False" in text and "node 2 of the flow" in text
    lenient = ff.scan_csv(str(path)).with_columns(ff.col("b").cast(ff.Int64, strict=False))
    assert lenient.collect().get_column("b").to_list() == [None, 7]
