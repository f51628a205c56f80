"""Unknown keyword arguments raise TypeError with the closest valid name; Flowfile/Polars
arguments accepted for compatibility either work or raise NotImplementedError naming them.

No servers: for database, cloud and catalog functions the check runs before any connection
or table is looked up, which the tests rely on (nothing named here exists)."""

import inspect
import re

import pytest

S3 = "s3://bucket/key.parquet"


@pytest.fixture
def files(ff, tmp_path):
    frame = ff.from_dict({"a": [2, 1, None], "b": ["x", "y", "z"]})
    paths = {"csv": tmp_path / "t.csv", "parquet": tmp_path / "t.parquet",
             "ndjson": tmp_path / "t.ndjson", "json": tmp_path / "t.json"}
    paths["csv"].write_text("a,b\n2,x\n1,y\n,z\n")
    frame.write_parquet(paths["parquet"])
    paths["ndjson"].write_text('{"a": 2, "b": "x"}\n{"a": 1, "b": "y"}\n')
    paths["json"].write_text('[{"a": 2, "b": "x"}, {"a": 1, "b": "y"}]')
    paths["frame"] = frame
    paths["out"] = tmp_path / "out"
    return paths


# (what is called, the call with a misspelt keyword, the misspelling, the suggestion)
MISSPELT = [
    ("read_csv", lambda ff, f: ff.read_csv(f["csv"], seperator=","), "separator"),
    ("scan_csv", lambda ff, f: ff.scan_csv(f["csv"], has_headr=True), "has_header"),
    ("read_parquet", lambda ff, f: ff.read_parquet(f["parquet"], n_row=1), "n_rows"),
    ("scan_parquet", lambda ff, f: ff.scan_parquet(f["parquet"], colums=["a"]), "columns"),
    ("read_json", lambda ff, f: ff.read_json(f["json"], descripton="d"), "description"),
    ("read_ndjson", lambda ff, f: ff.read_ndjson(f["ndjson"], n_row=1), "n_rows"),
    ("scan_ndjson", lambda ff, f: ff.scan_ndjson(f["ndjson"], row_index_nam="i"),
     "row_index_name"),
    ("from_dict", lambda ff, f: ff.from_dict({"a": [1]}, descripton="d"), "description"),
    ("concat", lambda ff, f: ff.concat([f["frame"], f["frame"]], hw="vertical"), "how"),
    ("read_database", lambda ff, f: ff.read_database("db", tabel_name="t"), "table_name"),
    ("scan_delta", lambda ff, f: ff.scan_delta("s3://b/t", conection_name="c"),
     "connection_name"),
    ("read_delta", lambda ff, f: ff.read_delta(f["out"], verison=1), "version"),
    ("read_from_cloud_storage",
     lambda ff, f: ff.read_from_cloud_storage(S3, conection_name="c"), "connection_name"),
    ("scan_parquet_from_cloud_storage",
     lambda ff, f: ff.scan_parquet_from_cloud_storage(S3, conection_name="c"), "connection_name"),
    ("scan_csv_from_cloud_storage",
     lambda ff, f: ff.scan_csv_from_cloud_storage(S3, delimter=","), "delimiter"),
    ("scan_json_from_cloud_storage",
     lambda ff, f: ff.scan_json_from_cloud_storage(S3, conection_name="c"), "connection_name"),
    ("write_to_cloud_storage",
     lambda ff, f: ff.write_to_cloud_storage(f["frame"], S3, conection_name="c"),
     "connection_name"),
    ("read_catalog_table", lambda ff, f: ff.read_catalog_table("t", delta_verison=1),
     "delta_version"),
    ("write_catalog_table", lambda ff, f: ff.write_catalog_table(f["frame"], "t", write_mod="x"),
     "write_mode"),
    ("SchemaReference.read_table",
     lambda ff, f: ff.default_schema().read_table("t", delta_verison=1), "delta_version"),
    ("SchemaReference.write_table",
     lambda ff, f: ff.default_schema().write_table(f["frame"], "t", merge_key=["a"]),
     "merge_keys"),
    ("FlowFrame.write_catalog_table",
     lambda ff, f: f["frame"].write_catalog_table("t", write_mod="x"), "write_mode"),
    ("FlowFrame.sample", lambda ff, f: f["frame"].sample(2, sed=1), "seed"),
    ("FlowFrame.sort", lambda ff, f: f["frame"].sort("a", decending=True), "descending"),
    ("FlowFrame.join", lambda ff, f: f["frame"].join(f["frame"], on="a", hw="left"), "how"),
    ("FlowFrame.join", lambda ff, f: f["frame"].join(f["frame"], on="a", null_equal=True),
     "nulls_equal"),
    ("FlowFrame.pivot", lambda ff, f: f["frame"].pivot("b", indx="a"), "index"),
    ("FlowFrame.explain", lambda ff, f: f["frame"].explain(optimised=True), "optimized"),
    ("FlowFrame.collect", lambda ff, f: f["frame"].collect(streamng=True), "streaming"),
    ("FlowFrame.write_csv", lambda ff, f: f["frame"].write_csv(f["out"], seperator=";"),
     "separator"),
    ("FlowFrame.sink_csv", lambda ff, f: f["frame"].sink_csv(f["out"], include_headr=False),
     "include_header"),
    ("FlowFrame.write_parquet",
     lambda ff, f: f["frame"].write_parquet(f["out"], compresion="zstd"), "compression"),
    ("FlowFrame.sink_parquet",
     lambda ff, f: f["frame"].sink_parquet(f["out"], row_group_sise=10), "row_group_size"),
    ("FlowFrame.write_ndjson", lambda ff, f: f["frame"].write_ndjson(f["out"], descripton="d"),
     "description"),
    ("FlowFrame.sink_ndjson", lambda ff, f: f["frame"].sink_ndjson(f["out"], descripton="d"),
     "description"),
    ("FlowFrame.write_to_cloud_storage",
     lambda ff, f: f["frame"].write_to_cloud_storage(S3, conection_name="c"), "connection_name"),
    ("DataFrame.write_csv",
     lambda ff, f: f["frame"].collect().write_csv(f["out"], seperator=";"), "separator"),
    ("DataFrame.write_parquet",
     lambda ff, f: f["frame"].collect().write_parquet(f["out"], compresion="zstd"),
     "compression"),
    ("DataFrame.write_ndjson",
     lambda ff, f: f["frame"].collect().write_ndjson(f["out"], maintain_ordr=True),
     "maintain_order"),
    ("DataFrame.sort (eager)", lambda ff, f: f["frame"].collect().sort("a", decending=True),
     "descending"),
    ("create_database_connection_if_not_exists",
     lambda ff, f: ff.create_database_connection_if_not_exists("c", hots="h"), "host"),
    ("update_database_connection",
     lambda ff, f: ff.update_database_connection("c", usrname="u"), "username"),
    ("create_cloud_storage_connection",
     lambda ff, f: ff.create_cloud_storage_connection({"connection_name": "c", "aws_regin": "x"}),
     "aws_region"),
]


@pytest.mark.parametrize("call, suggestion", [(c, s) for _, c, s in MISSPELT],
                         ids=[n for n, _, _ in MISSPELT])
def test_a_misspelt_keyword_names_itself_and_the_closest_valid_one(ff, files, call, suggestion):
    with pytest.raises(TypeError) as raised:
        call(ff, files)
    message = str(raised.value)
    assert re.search(r"\(\) got an unexpected keyword argument '\w+' — did you mean "
                     rf"'{suggestion}'\?$", message), message


def test_the_message_reads_like_pythons(ff, files):
    with pytest.raises(TypeError) as raised:
        ff.read_from_cloud_storage(S3, conection_name="c")
    assert str(raised.value) == ("read_from_cloud_storage() got an unexpected keyword argument "
                                 "'conection_name' — did you mean 'connection_name'?")
    with pytest.raises(TypeError, match=r"^FlowFrame\.sort\(\) got an unexpected keyword "
                                        r"argument 'zzz'$"):
        files["frame"].sort("a", zzz=1)  # nothing close: no suggestion


# Functions whose **kwargs are column names or the arguments of a user's function.
OPEN_KWARGS = {"FlowFrame.filter", "DataFrame.filter", "FlowFrame.select", "FlowFrame.with_columns",
               "FlowFrame.group_by", "FlowFrame.pipe", "GroupBy.agg", "when"}


def _public_callables(ff):
    for name in dir(ff):
        value = getattr(ff, name)
        if name.startswith("_") or inspect.ismodule(value):
            continue
        if inspect.isclass(value) and value.__module__.startswith("flowfile"):
            for method_name, method in vars(value).items():
                if inspect.isfunction(method) and (not method_name.startswith("_")
                                                   or method_name == "__init__"):
                    yield f"{value.__name__}.{method_name}", method
        elif inspect.isfunction(value):
            yield name, value


def test_every_function_taking_arbitrary_keywords_is_tested(ff):
    tested = {n.split(" ")[0] for n, _, _ in MISSPELT}
    tested |= {"read_ndjson", "scan_ndjson"}  # the same function
    untested = []
    for name, function in _public_callables(ff):
        takes_any = any(p.kind is p.VAR_KEYWORD for p in inspect.signature(function).parameters.values())
        names = {name, name.split(".")[-1]}
        if takes_any and not names & (tested | OPEN_KWARGS) and name not in OPEN_KWARGS:
            untested.append(name)
    assert untested == []


# ---- compatibility arguments

def test_a_compatibility_argument_at_its_harmless_value_is_accepted(ff, files):
    frame = ff.read_csv(files["csv"], encoding="utf8", rechunk=True, low_memory=True,
                        comment_prefix=None, try_parse_dates=True, flow_graph=None)
    assert frame.collect().rows() == [(2, "x"), (1, "y"), (None, "z")]
    joined = frame.join(frame, on="b", nulls_equal=False, validate="m:m", allow_parallel=False)
    assert joined.collect().height == 3
    assert frame.sort("a", multithreaded=False, maintain_order=False).collect().height == 3
    assert ff.concat([frame, frame], rechunk=True, parallel=False).collect().height == 6
    frame.write_csv(files["out"], encoding="utf-8", null_value="", line_terminator="\n")
    assert files["out"].read_text() == "a,b\n2,x\n1,y\n,z\n"
    assert frame.collect(engine="streaming", predicate_pushdown=False).height == 3


@pytest.mark.parametrize("call, argument", [
    (lambda ff, f: ff.read_csv(f["csv"], comment_prefix="#"), "comment_prefix"),
    (lambda ff, f: ff.read_csv(f["csv"], try_parse_dates=False), "try_parse_dates"),
    (lambda ff, f: f["frame"].join(f["frame"], on="a", nulls_equal=True), "nulls_equal"),
    (lambda ff, f: f["frame"].join(f["frame"], on="a", validate="1:1"), "validate"),
    (lambda ff, f: f["frame"].sort("a", maintain_order=True), "maintain_order"),
    (lambda ff, f: f["frame"].write_csv(f["out"], encoding="latin1"), "encoding"),
    (lambda ff, f: f["frame"].collect().write_csv(f["out"], quote_char="'"), "quote_char"),
    (lambda ff, f: f["frame"].write_parquet(f["out"], statistics=False), "statistics"),
    (lambda ff, f: f["frame"].explain(optimized=False), "optimized"),
    (lambda ff, f: f["frame"].collect().equals(f["frame"].collect(), null_equal=False),
     "null_equal"),
    (lambda ff, f: f["frame"].fill_null(0, limit=1), "limit"),
    (lambda ff, f: ff.read_database("db", table_name="t", flow_graph=object()), "flow_graph"),
    (lambda ff, f: ff.read_catalog_table("t", namespace_id=3), "namespace_id"),
    (lambda ff, f: ff.write_to_cloud_storage(f["frame"], S3, encoding="latin1"), "encoding"),
    (lambda ff, f: ff.scan_csv_from_cloud_storage(S3, encoding="cp1252"), "encoding"),
    (lambda ff, f: f["frame"].write_csv_to_cloud_storage(S3, encoding="cp1252"), "encoding"),
    (lambda ff, f: ff.read_from_cloud_storage(S3, scan_mode="everything"), "scan_mode"),
])
def test_a_compatibility_argument_that_would_change_the_result_is_refused(ff, files, call,
                                                                          argument):
    with pytest.raises(NotImplementedError, match=rf"\b{argument}="):
        call(ff, files)


def test_compatibility_arguments_that_are_implemented(ff, files):
    renamed = ff.read_csv(files["csv"], new_columns=["x", "y"], row_index_name="i",
                          row_index_offset=1)
    assert renamed.columns == ["i", "x", "y"]
    assert renamed.collect()["i"].to_list() == [1, 2, 3]
    assert ff.read_parquet(files["parquet"], columns=["b"]).columns == ["b"]
    assert ff.read_ndjson(files["ndjson"], row_index_name="n").collect()["n"].to_list() == [0, 1]
    typed = ff.from_dict({"a": [1, 2]}, schema_overrides={"a": ff.Float64})
    assert typed.schema["a"] == ff.Float64
    assert files["frame"].drop("a", "missing", strict=False).columns == ["b"]


def test_scd2_view_must_be_a_known_view(ff):
    with pytest.raises(ValueError, match="scd2_view"):
        ff.read_catalog_table("t", scd2_view="current")
