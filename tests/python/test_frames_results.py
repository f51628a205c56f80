"""Collected results (ff.DataFrame), file readers and writers of issue #8, with expected values
worked out by hand (Polars semantics)."""

import datetime as dt
import json

import pytest


@pytest.fixture
def df(ff):
    return ff.from_dict({"i": [1, 2, None], "f": [0.5, None, 2.0], "s": ["a", "b", None],
                         "d": [dt.date(2024, 1, 2), None, dt.date(2024, 3, 4)]}).collect()


# ---- DataFrame


def test_shape_columns_schema(ff, df):
    assert df.shape == (3, 4)
    assert (df.height, df.width, len(df)) == (3, 4, 3)
    assert df.columns == ["i", "f", "s", "d"]
    assert df.schema == {"i": ff.Int64, "f": ff.Float64, "s": ff.String, "d": ff.Date}
    assert df.dtypes == [ff.Int64, ff.Float64, ff.String, ff.Date]


def test_rows_row_and_to_dict(ff, df):
    assert df.rows() == [(1, 0.5, "a", dt.date(2024, 1, 2)), (2, None, "b", None),
                         (None, 2.0, None, dt.date(2024, 3, 4))]
    assert df.row(1) == (2, None, "b", None)
    assert df.row(2, named=True) == {"i": None, "f": 2.0, "s": None, "d": dt.date(2024, 3, 4)}
    assert df.rows(named=True)[0] == {"i": 1, "f": 0.5, "s": "a", "d": dt.date(2024, 1, 2)}
    assert df.to_dict(as_series=False) == {"i": [1, 2, None], "f": [0.5, None, 2.0],
                                           "s": ["a", "b", None],
                                           "d": [dt.date(2024, 1, 2), None, dt.date(2024, 3, 4)]}
    assert df.to_dicts()[1] == {"i": 2, "f": None, "s": "b", "d": None}


def test_row_out_of_range_fails(ff, df):
    with pytest.raises((IndexError, ff.FlowfileError)):
        df.row(3)


def test_column_access_gives_a_series(ff, df):
    s = df["s"]
    assert s.name == "s" and s.dtype == ff.String and len(s) == 3
    assert s.to_list() == ["a", "b", None]
    assert df["i"].sum() == 3 and df["i"].null_count() == 1
    assert df.get_column("f").to_list() == [0.5, None, 2.0]
    with pytest.raises(ff.NotFoundError) as info:
        df["ss"]
    message = str(info.value)
    assert "'ss'" in message and "closest first): s," in message


def test_to_numpy_numeric_columns_and_nulls(ff, df):
    import numpy as np

    ints = ff.from_dict({"x": [1, 2, 3]}).collect()["x"].to_numpy()
    assert ints.dtype == np.int64 and ints.tolist() == [1, 2, 3]
    with_null = df["i"].to_numpy()
    assert with_null.dtype == np.float64
    assert with_null[:2].tolist() == [1.0, 2.0] and np.isnan(with_null[2])
    floats = df["f"].to_numpy()
    assert floats[0] == 0.5 and np.isnan(floats[1]) and floats[2] == 2.0
    dates = df["d"].to_numpy()
    assert dates.dtype == np.dtype("datetime64[D]")
    assert dates[0] == np.datetime64("2024-01-02") and np.isnat(dates[1])
    matrix = ff.from_dict({"a": [1, 2], "b": [0.5, 1.5]}).collect().to_numpy()
    assert matrix.shape == (2, 2) and matrix.tolist() == [[1.0, 0.5], [2.0, 1.5]]


def test_to_pandas(ff, df):
    pdf = df.to_pandas()
    assert list(pdf.columns) == ["i", "f", "s", "d"]
    assert pdf.shape == (3, 4)
    assert pdf["i"].iloc[0] == 1 and pdf["i"].isna().tolist() == [False, False, True]
    assert pdf["s"].tolist()[:2] == ["a", "b"] and pdf["s"].isna().tolist()[2]
    assert str(pdf["f"].dtype) == "float64"
    assert str(ff.from_dict({"x": [1, 2]}).collect().to_pandas()["x"].dtype) == "int64"


def test_equals(ff):
    a = ff.from_dict({"x": [1, None], "y": ["p", "q"]}).collect()
    assert a.equals(ff.from_dict({"x": [1, None], "y": ["p", "q"]}).collect())
    assert not a.equals(ff.from_dict({"x": [1, 2], "y": ["p", "q"]}).collect())
    assert not a.equals(ff.from_dict({"y": ["p", "q"], "x": [1, None]}).collect())
    assert not a.equals(ff.from_dict({"x": [1.0, None], "y": ["p", "q"]}).collect())
    assert not a.equals(ff.from_dict({"x": [1], "y": ["p"]}).collect())


def test_repr_like_polars(ff):
    small = ff.from_dict({"a": [1, None], "b": ["x", "y"]}).collect()
    assert repr(small) == "\n".join([
        "shape: (2, 2)",
        "┌──────┬─────┐",
        "│ a    ┆ b   │",
        "│ ---  ┆ --- │",
        "│ i64  ┆ str │",
        "╞══════╪═════╡",
        '│ 1    ┆ "x" │',
        '│ null ┆ "y" │',
        "└──────┴─────┘",
    ])


def test_repr_elides_middle_rows(ff):
    text = repr(ff.from_dict({"n": list(range(20))}).collect())
    lines = text.splitlines()
    assert lines[0] == "shape: (20, 1)"
    body = [line.strip("│ ") for line in lines[6:-1]]
    assert body == ["0", "1", "2", "3", "4", "…", "15", "16", "17", "18", "19"]


def test_repr_elides_middle_columns_beyond_eight(ff):
    lines = repr(ff.from_dict({f"c{i}": [i] for i in range(12)}).collect()).splitlines()
    assert lines[0] == "shape: (1, 12)"
    assert lines[2] == "│ c0  ┆ c1  ┆ c2  ┆ c3  ┆ … ┆ c8  ┆ c9  ┆ c10 ┆ c11 │"
    assert lines[3] == "│ --- ┆ --- ┆ --- ┆ --- ┆   ┆ --- ┆ --- ┆ --- ┆ --- │"
    assert lines[6] == "│ 0   ┆ 1   ┆ 2   ┆ 3   ┆ … ┆ 8   ┆ 9   ┆ 10  ┆ 11  │"
    eight = repr(ff.from_dict({f"c{i}": [i] for i in range(8)}).collect())
    assert "…" not in eight


def test_repr_cuts_long_strings(ff):
    lines = repr(ff.from_dict({"s": ["x" * 40, "short"]}).collect()).splitlines()
    long_cell, short_cell = lines[6].strip("│ "), lines[7].strip("│ ")
    assert long_cell.startswith('"xxxxxxxxxx') and long_cell.endswith("…")
    assert len(long_cell) <= 31
    assert short_cell == '"short"'


def test_lazy_bridge_and_eager_methods(ff, df):
    back = df.lazy().filter(ff.col("i").is_not_null()).collect()
    assert back["i"].to_list() == [1, 2]
    assert df.filter(ff.col("f") > 1).rows() == [(None, 2.0, None, dt.date(2024, 3, 4))]


def test_frame_schema_resolves_without_running(ff, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,x\n")
    frame = ff.read_csv(path).with_columns(c=ff.col("a") * 2.5)
    assert frame.columns == ["a", "b", "c"]
    assert frame.schema == {"a": ff.Int64, "b": ff.String, "c": ff.Float64}


# ---- writers and readers


def test_write_csv_and_read_back(ff, tmp_path, df):
    path = tmp_path / "out.csv"
    df.write_csv(path)
    lines = path.read_text().splitlines()
    assert lines[0] == "i,f,s,d"
    assert lines[1] == "1,0.5,a,2024-01-02"
    back = ff.read_csv(path).collect()
    assert back.equals(df)


def test_frame_write_csv_with_separator(ff, tmp_path):
    path = tmp_path / "semi.csv"
    ff.from_dict({"a": [1], "b": ["x"]}).write_csv(path, separator=";")
    assert path.read_text().splitlines() == ["a;b", "1;x"]


def test_write_parquet_is_zstd_and_reads_back(ff, tmp_path, df):
    path = tmp_path / "out.parquet"
    df.write_parquet(path)
    assert ff.read_parquet(path).collect().equals(df)
    codecs = ff.from_dict({"x": [1]}).sql(
        f"SELECT DISTINCT compression FROM parquet_metadata('{path}')").collect()
    assert codecs["compression"].to_list() == ["ZSTD"]
    lazy_path = tmp_path / "lazy.parquet"
    df.lazy().write_parquet(lazy_path, compression="snappy")
    assert ff.scan_parquet(lazy_path).collect().equals(df)


def test_write_ndjson_and_read_ndjson(ff, tmp_path):
    path = tmp_path / "out.ndjson"
    ff.from_dict({"a": [1, 2], "b": ["x", None]}).write_ndjson(path)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert records == [{"a": 1, "b": "x"}, {"a": 2, "b": None}]
    assert ff.read_ndjson(path).collect().to_dict(as_series=False) == {"a": [1, 2],
                                                                       "b": ["x", None]}


def test_readers_take_n_rows_and_lists_of_paths(ff, tmp_path):
    ff.from_dict({"a": [1, 2, 3]}).write_ndjson(tmp_path / "n.ndjson")
    ff.from_dict({"a": [1, 2, 3]}).write_parquet(tmp_path / "p1.parquet")
    ff.from_dict({"a": [4]}).write_parquet(tmp_path / "p2.parquet")
    assert ff.read_ndjson(tmp_path / "n.ndjson", n_rows=2).collect()["a"].to_list() == [1, 2]
    assert ff.scan_parquet(tmp_path / "p1.parquet", n_rows=1).collect()["a"].to_list() == [1]
    both = ff.read_parquet([tmp_path / "p1.parquet", tmp_path / "p2.parquet"]).collect()
    assert both["a"].to_list() == [1, 2, 3, 4]


def test_from_records_fills_missing_keys_with_null(ff):
    df = ff.from_records([{"a": 1, "b": "x"}, {"a": 2}, {"b": "z", "c": True}]).collect()
    assert df.columns == ["a", "b", "c"]
    assert df.rows() == [(1, "x", None), (2, None, None), (None, "z", True)]


def test_read_json_array(ff, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"a": 1, "b": "x"}, {"a": 2, "b": None}, {"a": 3, "b": "z"}]))
    df = ff.read_json(path).collect()
    assert df.to_dict(as_series=False) == {"a": [1, 2, 3], "b": ["x", None, "z"]}
    assert df.schema == {"a": ff.Int64, "b": ff.String}


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a;b;c\n1;x;2.5\n2;NA;3.0\n3;z;\n")
    return path


def test_read_csv_separator_and_null_values(ff, csv_file):
    df = ff.read_csv(csv_file, separator=";", null_values="NA").collect()
    assert df.schema == {"a": ff.Int64, "b": ff.String, "c": ff.Float64}
    assert df.to_dict(as_series=False) == {"a": [1, 2, 3], "b": ["x", None, "z"],
                                           "c": [2.5, 3.0, None]}
    listed = ff.read_csv(csv_file, separator=";", null_values=["NA", "x"]).collect()
    assert listed["b"].to_list() == [None, None, "z"]


def test_read_csv_without_header_names_columns_like_polars(ff, tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text('1,"x,1"\n2,y\n')
    df = ff.read_csv(path, has_header=False).collect()
    assert df.columns == ["column_1", "column_2"]
    assert df.rows() == [(1, "x,1"), (2, "y")]


def test_read_csv_schema_overrides(ff, csv_file):
    frame = ff.read_csv(csv_file, separator=";", schema_overrides={"a": ff.Int32, "c": ff.String})
    assert frame.schema == {"a": ff.Int32, "b": ff.String, "c": ff.String}
    assert frame.collect()["c"].to_list() == ["2.5", "3.0", None]


def test_read_csv_without_inference_reads_strings(ff, csv_file):
    frame = ff.read_csv(csv_file, separator=";", infer_schema=False)
    assert frame.schema == {"a": ff.String, "b": ff.String, "c": ff.String}
    assert frame.collect()["a"].to_list() == ["1", "2", "3"]
    typed = ff.read_csv(csv_file, separator=";", infer_schema_length=0,
                        schema_overrides={"a": ff.Int64})
    assert typed.schema == {"a": ff.Int64, "b": ff.String, "c": ff.String}


def test_read_csv_skip_rows_and_n_rows(ff, tmp_path):
    path = tmp_path / "skip.csv"
    path.write_text("# exported by a tool\nk,v\na,1\nb,2\nc,3\n")
    df = ff.read_csv(path, skip_rows=1).collect()
    assert df.columns == ["k", "v"] and df["k"].to_list() == ["a", "b", "c"]
    limited = ff.read_csv(path, skip_rows=1, n_rows=2).collect()
    assert limited.rows() == [("a", 1), ("b", 2)]


@pytest.mark.parametrize("encoding", ["latin1", "latin-1", "ISO-8859-1"])
def test_read_csv_encoding_names(ff, tmp_path, encoding):
    path = tmp_path / "latin.csv"
    path.write_bytes("name\ncafé\n".encode("latin-1"))
    assert ff.read_csv(path, encoding=encoding).collect().rows() == [("café",)]


def test_read_csv_unknown_encoding_is_a_clear_error(ff, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")
    with pytest.raises(ff.InvalidArgumentError) as info:
        ff.read_csv(path, encoding="cp1252").collect()
    assert "cp1252" in str(info.value) and "latin1" in str(info.value)


def test_read_csv_several_files_by_glob(ff, tmp_path):
    (tmp_path / "p1.csv").write_text("k,v\na,1\n")
    (tmp_path / "p2.csv").write_text("k,v\nb,2\n")
    df = ff.read_csv(tmp_path / "p*.csv").sort("k").collect()
    assert df.rows() == [("a", 1), ("b", 2)]


def test_scan_parquet_glob_and_directory(ff, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    ff.from_dict({"x": [1, 2]}).write_parquet(folder / "a.parquet")
    ff.from_dict({"x": [3]}).write_parquet(folder / "b.parquet")
    (folder / "notes.txt").write_text("not data")
    by_glob = ff.scan_parquet(str(folder / "*.parquet")).sort("x").collect()
    assert by_glob["x"].to_list() == [1, 2, 3]
    by_dir = ff.scan_parquet(folder).sort("x").collect()
    assert by_dir["x"].to_list() == [1, 2, 3]


def test_unknown_file_names_the_path(ff, tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(ff.FlowfileError) as info:
        ff.read_csv(missing).collect()
    assert "nope.csv" in str(info.value)


# ---- atomic writes


def _failing(ff):
    # The cast fails only when the rows run, after the writer has started.
    return ff.from_dict({"s": ["1", "2", "x"]}).select(ff.col("s").cast(ff.Int64))


@pytest.mark.parametrize("writer", ["write_csv", "write_parquet", "write_ndjson"])
def test_failed_write_leaves_nothing_behind(ff, tmp_path, writer):
    target = tmp_path / f"out.{writer}"
    with pytest.raises(ff.FlowfileError):
        getattr(_failing(ff), writer)(target)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_previous_file(ff, tmp_path):
    target = tmp_path / "keep.csv"
    target.write_text("old\n")
    with pytest.raises(ff.FlowfileError):
        _failing(ff).write_csv(target)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_indexing_and_helpers(ff, df):
    assert df[0].rows() == [(1, 0.5, "a", dt.date(2024, 1, 2))]
    assert df[-1].rows() == [(None, 2.0, None, dt.date(2024, 3, 4))]
    assert df[1:3].shape == (2, 4) and df[1:3]["i"].to_list() == [2, None]
    assert df[["s", "i"]].columns == ["s", "i"]
    assert "s" in df and "zz" not in df
    assert [s.name for s in df] == ["i", "f", "s", "d"]
    assert df.select("i").head(1).item() == 1
    assert df.item(2, "f") == 2.0
    assert not df.is_empty() and df.filter(ff.col("i") > 10).is_empty()
    series = df["f"]
    assert (series.min(), series.max(), series.mean(), series.sum()) == (0.5, 2.0, 1.25, 2.5)
    assert series.to_pandas().isna().tolist() == [False, True, False]


def test_every_reader_and_writer_records_its_description(ff, tmp_path):
    source = ff.from_dict({"a": [1, 2]}, description="typed in")
    assert [(n.node_type, n.description) for n in source.flow_graph.nodes] == [
        ("manual_input", "typed in")]
    parquet, ndjson, jsonfile = tmp_path / "a.parquet", tmp_path / "a.ndjson", tmp_path / "a.json"
    written = source.write_parquet(parquet, description="to parquet")
    assert (written.flow_graph.nodes[-1].node_type,
            written.flow_graph.nodes[-1].description) == ("output", "to parquet")
    written = source.write_ndjson(ndjson, description="to ndjson")
    assert written.flow_graph.nodes[-1].description == "to ndjson"
    jsonfile.write_text('[{"a": 1}]')
    (tmp_path / "c1.csv").write_text("a\n1\n")
    for frame, label in ((ff.read_parquet(parquet, description="p"), "p"),
                         (ff.scan_parquet(parquet, description="sp"), "sp"),
                         (ff.read_ndjson(ndjson, description="n"), "n"),
                         (ff.read_json(jsonfile, description="j"), "j"),
                         (ff.scan_csv(tmp_path / "c*.csv", description="c"), "c")):
        node = frame.flow_graph.nodes[-1]
        assert (node.node_type, node.description) == ("read", label)
    both = ff.concat([source, source], description="stack")
    assert both.flow_graph.nodes[-1].description == "stack"
    assert both.collect()["a"].to_list() == [1, 2, 1, 2]
