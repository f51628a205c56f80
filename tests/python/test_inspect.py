"""What a Polars user types to look at data: repr with schema and plan, notebook HTML,
describe(), null_count(), glimpse(), ff.Series, df[row, column], boolean masks."""

import pytest


@pytest.fixture
def frame(ff):
    return ff.from_dict({"a": [1, 2, None, 4], "s": ["x", "y", "z", None]})


def test_a_lazy_frame_shows_its_schema_and_plan(ff, frame):
    lazy = frame.filter(ff.col("a") > 1, description="keep big").with_columns(
        (ff.col("a") * 2).alias("b"))
    text = repr(lazy)
    assert text.splitlines()[0] == "FlowFrame: lazy, 3 nodes; collect() runs it"
    assert "  a: Int64" in text and "  s: String" in text and "  b: Int64" in text
    plan = text[text.index("plan:"):].splitlines()[1:]
    assert plan[0].startswith("  [3] formula") and "<- 2" in plan[0]
    assert plan[1].startswith("  [2] filter 'keep big'") and plan[2].startswith("  [1] manual_input")
    assert "<pre>" in lazy._repr_html_() and "keep big" in lazy._repr_html_()


def test_a_dataframe_renders_as_an_html_table(ff, frame):
    page = frame.collect()._repr_html_()
    assert page.count("<tr>") == 5 and "<th>a<br><small>Int64</small></th>" in page
    assert "<td>null</td>" in page and "shape: (4, 2)" in page
    assert "&lt;b&gt;" in ff.from_dict({"t": ["<b>"]}).collect()._repr_html_()


def test_describe_matches_polars_statistics(ff, frame):
    d = frame.describe()
    assert d.columns == ["statistic", "a", "s"]
    stats = {row["statistic"]: (row["a"], row["s"]) for row in d.to_dicts()}
    assert stats["count"] == (3.0, "3") and stats["null_count"] == (1.0, "1")
    assert stats["mean"][0] == pytest.approx(7 / 3) and stats["mean"][1] is None
    assert stats["min"] == (1.0, "x") and stats["max"] == (4.0, "z")
    # nearest: position q*(n-1) rounded half away from zero, as Polars
    assert (stats["25%"][0], stats["50%"][0], stats["75%"][0]) == (2.0, 2.0, 4.0)
    assert frame.collect().describe().to_dicts() == d.to_dicts()


def test_null_count_and_glimpse(ff, frame):
    assert frame.null_count().collect().to_dicts() == [{"a": 1, "s": 1}]
    assert frame.collect().null_count().to_dicts() == [{"a": 1, "s": 1}]
    text = frame.glimpse(return_as_string=True)
    assert text.splitlines() == ["Columns: 2", "$ a <Int64> 1, 2, null, 4",
                                 "$ s <String> 'x', 'y', 'z', null"]


def test_series_and_row_column_indexing(ff, frame):
    s = ff.Series("a", [1, 2, None])
    assert s.name == "a" and s.to_list() == [1, 2, None] and len(s) == 3
    assert repr(s.dtype) == "Int64"
    assert ff.Series("f", [1, 2], dtype=ff.Float64).to_list() == [1.0, 2.0]
    df = frame.collect()
    assert df[0, "a"] == 1 and df[-1, "s"] is None and df[1, 1] == "y"
    assert df[1:3, "a"].to_list() == [2, None]
    assert df[0, ["a", "s"]].to_dicts() == [{"a": 1, "s": "x"}]


def test_a_boolean_mask_keeps_its_rows_and_is_checked(ff, frame):
    df = frame.collect()
    assert df.filter([True, False, None, True]).to_dicts() == [
        {"a": 1, "s": "x"}, {"a": 4, "s": None}]
    assert df.filter(ff.Series("m", [False, True, False, False])).to_dicts() == [
        {"a": 2, "s": "y"}]
    with pytest.raises(ValueError, match="the mask has 2 values for 4 rows"):
        df.filter([True, False])
    with pytest.raises(TypeError, match="boolean mask, collect\\(\\) first"):
        frame.filter([True, False, True, True])
    with pytest.raises(TypeError, match="takes expressions"):
        frame.filter(True)


def test_open_graph_in_editor_without_an_editor_warns_with_the_saved_flow(ff, monkeypatch,
                                                                         tmp_path):
    import tempfile
    # No server runs for this home and none can start: a warning, False, the flow kept.
    monkeypatch.setenv("FLOWFILE_CLI", str(tmp_path / "no-such-flowfile"))
    monkeypatch.setenv("PATH", str(tmp_path))
    before = set(__import__("os").listdir(tempfile.gettempdir()))
    graph = ff.from_dict({"a": [1]}).filter(ff.col("a") > 0, description="keep").flow_graph
    with pytest.warns(UserWarning, match="could not be reached or started") as caught:
        assert ff.open_graph_in_editor(graph) is False
    saved = str(caught[0].message).split("saved at ")[1].split(" (run it")[0]
    assert saved.startswith(ff.config_dir()) and "/flows/" in saved and "keep" in open(saved).read()
    new = set(__import__("os").listdir(tempfile.gettempdir())) - before
    assert {f for f in new if f.endswith(".yaml")} == set()


def test_a_missing_file_is_file_not_found_in_our_words(ff, tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(FileNotFoundError, match=f"scan_csv: no such file '{missing}'") as caught:
        ff.scan_csv(str(missing))
    assert isinstance(caught.value, ff.NotFoundError)
    with pytest.raises(ff.FileNotFoundError, match="scan_parquet: no file matches"):
        ff.scan_parquet(str(tmp_path / "*.parquet"))
