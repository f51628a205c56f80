"""Excel (.xlsx), Arrow IPC and Avro files through flows: an `output` node writes each format
and a `read` node reads it back (ints, floats, quoted and unicode text, booleans, dates,
timestamps, nulls); Excel's sheet, window, header and type-inference settings; files made
by writers that are not ours (an .xlsx zipped here from hand-written XML, an Avro file
encoded here by hand, Arrow IPC from apache-arrow in Node); corrupt and truncated files fail
naming the file."""

import datetime
import json
import pathlib
import struct
import subprocess
import zipfile
import zlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXT = {"excel": "xlsx", "ipc": "arrow", "avro": "avro"}

COLUMNS = [{"name": "i", "data_type": "Int64"}, {"name": "f", "data_type": "Float64"},
           {"name": "s", "data_type": "String"}, {"name": "b", "data_type": "Boolean"},
           {"name": "d", "data_type": "Date"}, {"name": "t", "data_type": "Datetime"}]
DATA = [[1, None, -3, 4],
        [1.5, 2.25, None, -1e-3],
        ['say "hi", ok', "ünïcödé ✓ 日本", None, "line\nbreak"],
        [True, None, False, True],
        ["2024-01-31", None, "1969-12-31", "1900-01-01"],
        ["2024-01-31 12:30:45", "1970-01-01 00:00:00", None, "1999-12-31 23:59:59"]]
EXPECTED = [
    (1, 1.5, 'say "hi", ok', True, datetime.date(2024, 1, 31),
     datetime.datetime(2024, 1, 31, 12, 30, 45)),
    (None, 2.25, "ünïcödé ✓ 日本", None, None, datetime.datetime(1970, 1, 1)),
    (-3, None, None, False, datetime.date(1969, 12, 31), None),
    (4, -1e-3, "line\nbreak", True, datetime.date(1900, 1, 1),
     datetime.datetime(1999, 12, 31, 23, 59, 59)),
]


def node(id, type, inputs=(), settings=None):
    return {"id": id, "type": type, "description": f"step {id}", "input_ids": list(inputs),
            "outputs": [], "setting_input": settings if settings is not None else {}}


def write_flow(tmp_path, nodes, name="flow.json"):
    doc = {"flowfile_version": "0.12.0", "flowfile_id": 1, "flowfile_name": "t",
           "flowfile_settings": {}, "nodes": nodes}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def manual(columns=COLUMNS, data=DATA):
    return node(1, "manual_input", settings={"raw_data_format": {"columns": columns,
                                                                 "data": data}})


def write(ff, tmp_path, kind, name=None, source=None, **table_settings):
    name = name or f"out.{EXT[kind]}"
    settings = {"name": name, "directory": str(tmp_path), "file_type": kind}
    if table_settings:
        settings["table_settings"] = {"file_type": kind, **table_settings}
    out = node(2, "output", [1], {"output_settings": settings})
    result = ff.open_flow(write_flow(tmp_path, [source or manual(), out], "write.json")).run()
    assert result.ok
    return tmp_path / name


def read(ff, tmp_path, path, kind, **table_settings):
    received = {"path": str(path), "file_type": kind,
                "table_settings": {"file_type": kind, **table_settings}}
    flow = ff.open_flow(write_flow(tmp_path, [node(1, "read", settings={
        "received_file": received})], "read.json"))
    return flow.frame(1).collect()


def dtypes(frame):
    return [str(frame.schema[name]) for name in frame.columns]


@pytest.mark.parametrize("kind", ["excel", "ipc", "avro"])
def test_a_written_file_reads_back_the_same_rows_and_types(ff, tmp_path, kind):
    path = write(ff, tmp_path, kind)
    frame = read(ff, tmp_path, path, kind, type_inference=True)
    assert frame.columns == ["i", "f", "s", "b", "d", "t"]
    assert frame.rows() == EXPECTED
    assert dtypes(frame)[:5] == ["Int64", "Float64", "String", "Boolean", "Date"]
    assert dtypes(frame)[5].startswith("Datetime")


@pytest.mark.parametrize("kind", ["ipc", "avro"])
def test_narrow_types_and_large_integers_survive(ff, tmp_path, kind):
    columns = [{"name": "a", "data_type": "Int32"}, {"name": "big", "data_type": "Int64"},
               {"name": "r", "data_type": "Float32"}, {"name": "e", "data_type": "String"}]
    data = [[7, None, -2147483648], [9007199254740993, -9223372036854775808, None],
            [0.5, None, 2.0], ["", None, "x"]]
    path = write(ff, tmp_path, kind, source=manual(columns, data))
    frame = read(ff, tmp_path, path, kind)
    assert dtypes(frame) == ["Int32", "Int64", "Float32", "String"]
    assert frame.rows() == [(7, 9007199254740993, 0.5, ""),
                            (None, -9223372036854775808, None, None),
                            (-2147483648, None, 2.0, "x")]


def test_excel_sheet_name_is_written_and_selected(ff, tmp_path):
    path = write(ff, tmp_path, "excel", sheet_name="Données")
    frame = read(ff, tmp_path, path, "excel", sheet_name="Données", type_inference=True)
    assert frame.height == 4
    with pytest.raises(ff.FlowfileError, match=r"out\.xlsx.*no sheet 'Nope'.*'Données'"):
        read(ff, tmp_path, path, "excel", sheet_name="Nope")


def test_excel_without_type_inference_reads_text(ff, tmp_path):
    path = write(ff, tmp_path, "excel")
    frame = read(ff, tmp_path, path, "excel")
    assert set(dtypes(frame)) == {"String"}
    assert frame.rows()[0] == ("1", "1.5", 'say "hi", ok', "true", "2024-01-31",
                               "2024-01-31 12:30:45")


def test_excel_start_row_and_no_headers(ff, tmp_path):
    path = write(ff, tmp_path, "excel")
    frame = read(ff, tmp_path, path, "excel", start_row=2, has_headers=False,
                 type_inference=True)
    assert frame.columns == [f"column_{i}" for i in range(1, 7)]
    assert [r[0] for r in frame.rows()] == [None, -3, 4]
    frame = read(ff, tmp_path, path, "excel", start_row=1, end_row=3, start_column=1,
                 end_column=3, has_headers=False, type_inference=True)
    assert frame.rows() == [(1.5, 'say "hi", ok'), (2.25, "ünïcödé ✓ 日本")]


def test_excel_create_mode_refuses_an_existing_file(ff, tmp_path):
    write(ff, tmp_path, "excel")
    out = node(2, "output", [1], {"output_settings": {
        "name": "out.xlsx", "directory": str(tmp_path), "file_type": "excel",
        "write_mode": "create"}})
    with pytest.raises(ff.FlowfileError, match="exists and write_mode is create"):
        ff.open_flow(write_flow(tmp_path, [manual(), out])).run()


# --- an .xlsx made here, not by libxlsxwriter -------------------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def handmade_xlsx(path, date1904=False):
    workbook = (f'<workbook {NS} {RNS}><workbookPr date1904="{int(date1904)}"/><sheets>'
                '<sheet name="Notes" sheetId="1" r:id="rId1"/>'
                '<sheet name="Data &amp; more" sheetId="2" r:id="rId2"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="x/worksheet" '
            'Target="worksheets/notes.xml"/><Relationship Id="rId2" Type="x/worksheet" '
            'Target="/xl/worksheets/data.xml"/></Relationships>')
    shared = (f'<sst {NS}><si><t>name</t></si><si><t>when</t></si>'
              '<si><r><t>Ri</t></r><r><t xml:space="preserve">ch &lt;b&gt; </t></r></si>'
              '<si><t>flag</t></si><si><t>at</t></si></sst>')
    styles = (f'<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" '
              'formatCode="yyyy\\-mm\\-dd hh:mm"/></numFmts><cellXfs count="3">'
              '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
              '</styleSheet>')
    data = (f'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main"><x:sheetData>'
            '<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v>'
            '</x:c><x:c r="D2" t="s"><x:v>3</x:v></x:c><x:c r="E2" t="s"><x:v>4</x:v></x:c>'
            '</x:row>'
            '<x:row r="3"><x:c r="B3" t="s"><x:v>2</x:v></x:c><x:c r="C3" s="1"><x:v>45322'
            '</x:v></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" s="2"><x:v>45322.5'
            '</x:v></x:c></x:row>'
            '<x:row r="4"><x:c r="B4" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>'
            '<x:c r="C4" t="e"><x:v>#N/A</x:v></x:c><x:c r="D4" t="b"><x:v>0</x:v></x:c>'
            '</x:row>'
            '<x:row r="6"><x:c r="B6" t="str"><x:v>formula text</x:v></x:c>'
            '<x:c r="C6" s="1"><x:v>1</x:v></x:c><x:c r="E6" s="2"><x:v>0.25</x:v></x:c>'
            '</x:row></x:sheetData></x:worksheet>')
    notes = f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/notes.xml", notes)
        z.writestr("xl/worksheets/data.xml", data)
    return path


def test_a_handmade_workbook_reads_by_sheet_with_its_cell_kinds(ff, tmp_path):
    path = handmade_xlsx(tmp_path / "hand.xlsx")
    notes = read(ff, tmp_path, path, "excel", type_inference=True, has_headers=False)
    assert notes.rows() == [(42,)]
    frame = read(ff, tmp_path, path, "excel", sheet_name="Data & more", type_inference=True)
    assert frame.columns == ["name", "when", "flag", "at"]
    assert dtypes(frame)[:3] == ["String", "Date", "Boolean"]
    assert frame.rows() == [
        ("Rich <b> ", datetime.date(2024, 1, 31), True, datetime.datetime(2024, 1, 31, 12)),
        ("inline", None, False, None),
        (None, None, None, None),
        ("formula text", datetime.date(1900, 1, 1), None, datetime.datetime(1899, 12, 30, 6)),
    ]


def test_the_1904_date_system(ff, tmp_path):
    path = handmade_xlsx(tmp_path / "hand.xlsx", date1904=True)
    frame = read(ff, tmp_path, path, "excel", sheet_name="Data & more", type_inference=True)
    assert frame.rows()[0][1] == datetime.date(2028, 2, 1)


# --- broken files ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["excel", "ipc", "avro"])
def test_garbage_and_truncated_files_name_the_file(ff, tmp_path, kind):
    garbage = tmp_path / f"garbage.{EXT[kind]}"
    garbage.write_bytes(b"this is not a data file at all" * 3)
    with pytest.raises(ff.FlowfileError, match=rf"node 1 \(read.*garbage\.{EXT[kind]}"):
        read(ff, tmp_path, garbage, kind)
    good = write(ff, tmp_path, kind).read_bytes()
    for cut in (len(good) // 3, len(good) // 2, len(good) - 7):
        truncated = tmp_path / f"cut{cut}.{EXT[kind]}"
        truncated.write_bytes(good[:cut])
        with pytest.raises(ff.FlowfileError, match=rf"cut{cut}\.{EXT[kind]}"):
            read(ff, tmp_path, truncated, kind)


def test_bad_xml_inside_a_good_zip_names_the_part(ff, tmp_path):
    path = handmade_xlsx(tmp_path / "hand.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.endswith("data.xml"):
                body = body[: len(body) // 2]
            dst.writestr(item, body)
    with pytest.raises(ff.FlowfileError, match=r"bad\.xlsx.*'Data & more' is not valid XML"):
        read(ff, tmp_path, bad, "excel", sheet_name="Data & more")


@pytest.mark.parametrize("kind, settings, message", [
    ("ipc", {"compression": "lz4"}, "compression 'lz4' is not supported"),
    ("avro", {"compression": "snappy"}, "compression 'snappy' is not supported"),
])
def test_unsupported_compression_is_refused(ff, tmp_path, kind, settings, message):
    with pytest.raises(ff.FlowfileError, match=message):
        write(ff, tmp_path, kind, **settings)


def test_avro_deflate_round_trip(ff, tmp_path):
    path = write(ff, tmp_path, "avro", compression="deflate")
    assert read(ff, tmp_path, path, "avro").rows() == EXPECTED


# --- files from writers that are not ours -----------------------------------------------------

def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def sized(b):
    return zigzag(len(b)) + b


def test_a_handmade_avro_file_with_logical_types(ff, tmp_path):
    schema = {"type": "record", "name": "r", "fields": [
        {"name": "id", "type": "long"},
        {"name": "name", "type": ["string", "null"]},
        {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}]},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "ok", "type": "boolean"},
        {"name": "kind", "type": {"type": "enum", "name": "k", "symbols": ["A", "B"]}},
        {"name": "x", "type": "double"}]}
    records = b""
    for id_, name, day, at, ok, kind, x in [
            (1, "é", 19753, 1706704245123, True, 1, 0.5),
            (-2, None, None, -1000, False, 0, -2.0)]:
        records += zigzag(id_)
        records += zigzag(1) if name is None else zigzag(0) + sized(name.encode())
        records += zigzag(0) if day is None else zigzag(1) + zigzag(day)
        records += zigzag(at) + bytes([ok]) + zigzag(kind) + struct.pack("<d", x)
    sync = bytes(range(16))
    compressor = zlib.compressobj(wbits=-15)
    block = compressor.compress(records) + compressor.flush()
    body = (b"Obj\x01" + zigzag(2) + sized(b"avro.schema") + sized(json.dumps(schema).encode())
            + sized(b"avro.codec") + sized(b"deflate") + zigzag(0) + sync
            + zigzag(2) + sized(block) + sync)
    path = tmp_path / "hand.avro"
    path.write_bytes(body)
    frame = read(ff, tmp_path, path, "avro")
    assert dtypes(frame)[:3] == ["Int64", "String", "Date"]
    assert frame.rows() == [
        (1, "é", datetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 12, 30, 45, 123000),
         True, "B", 0.5),
        (-2, None, None, datetime.datetime(1969, 12, 31, 23, 59, 59), False, "A", -2.0)]
    path.write_bytes(body[:-16] + b"\x00" * 16)  # a damaged sync marker
    with pytest.raises(ff.FlowfileError, match=r"hand\.avro.*sync marker"):
        read(ff, tmp_path, path, "avro")
    path.write_bytes(body[:-30] + b"\xff" * 30)  # a damaged block
    with pytest.raises(ff.FlowfileError, match=r"hand\.avro.*not a readable Avro file"):
        read(ff, tmp_path, path, "avro")


NODE_MODULES = ROOT / "tests" / "node_modules"
ARROW_JS = """
const arrow = require('apache-arrow');
const fs = require('fs');
const [mode, path] = process.argv.slice(1);
if (mode === 'read') {
  const t = arrow.tableFromIPC(fs.readFileSync(path));
  const rows = t.toArray().map(r => r.toJSON());
  console.log(JSON.stringify({types: t.schema.fields.map(f => String(f.type)), rows},
                             (k, v) => typeof v === 'bigint' ? v.toString() : v));
} else {
  const a = arrow.vectorFromArray([1, null, -7], new arrow.Int32);
  const b = arrow.vectorFromArray(['x', 'ü "q"', null], new arrow.Utf8);
  const c = arrow.vectorFromArray([true, false, null], new arrow.Bool);
  const d = arrow.vectorFromArray([new Date(Date.UTC(2024, 0, 31)), null,
                                   new Date(Date.UTC(1969, 11, 31))], new arrow.DateDay);
  const e = arrow.vectorFromArray([Date.UTC(2024, 0, 31, 12, 30, 45, 250), null, 0],
                                  new arrow.TimestampMillisecond);
  const t = new arrow.Table({a, b, c, d, e});
  const twice = t.concat(t);
  fs.writeFileSync(path, arrow.tableToIPC(twice, 'file'));
}
"""


def arrow_js(mode, path):
    if not (NODE_MODULES / "apache-arrow").is_dir():
        pytest.skip("apache-arrow is not installed in tests/node_modules (npm ci --prefix tests)")
    run = subprocess.run(["node", "-e", ARROW_JS, mode, str(path)], capture_output=True,
                         text=True, timeout=60, env={"NODE_PATH": str(NODE_MODULES),
                                                     "PATH": "/usr/local/bin:/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout) if mode == "read" else None


def test_apache_arrow_reads_our_ipc_file(ff, tmp_path):
    path = write(ff, tmp_path, "ipc")
    got = arrow_js("read", path)
    assert got["types"] == ["Int64", "Float64", "Utf8", "Bool", "Date32<DAY>",
                            "Timestamp<MICROSECOND>"]
    assert [r["i"] for r in got["rows"]] == ["1", None, "-3", "4"]
    assert [r["s"] for r in got["rows"]] == [r[2] for r in EXPECTED]
    assert [r["b"] for r in got["rows"]] == [True, None, False, True]
    assert got["rows"][0]["t"] == 1706704245000 and got["rows"][2]["t"] is None


def test_we_read_an_ipc_file_apache_arrow_wrote(ff, tmp_path):
    path = tmp_path / "theirs.arrow"
    arrow_js("write", path)
    frame = read(ff, tmp_path, path, "ipc")
    assert dtypes(frame)[:4] == ["Int32", "String", "Boolean", "Date"]
    rows = [(1, "x", True, datetime.date(2024, 1, 31),
             datetime.datetime(2024, 1, 31, 12, 30, 45, 250000)),
            (None, 'ü "q"', False, None, None),
            (-7, None, None, datetime.date(1969, 12, 31), datetime.datetime(1970, 1, 1))]
    assert frame.rows() == rows + rows


def test_ipc_directory_mode_reads_every_arrow_file(ff, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    write(ff, folder, "ipc", name="a.arrow")
    write(ff, folder, "ipc", name="b.ARROW")
    received = {"path": str(folder), "file_type": "ipc", "scan_mode": "directory"}
    flow = ff.open_flow(write_flow(tmp_path, [node(1, "read", settings={
        "received_file": received})], "read.json"))
    assert flow.frame(1).collect().rows() == EXPECTED + EXPECTED


def test_generated_sql_refuses_these_formats_and_python_keeps_the_node(ff, tmp_path):
    out = node(2, "output", [1], {"output_settings": {
        "name": "o.xlsx", "directory": str(tmp_path), "file_type": "excel"}})
    flow = ff.open_flow(write_flow(tmp_path, [manual(), out]))
    with pytest.raises(ff.FlowfileError, match=r"writes an excel file, which DuckDB's COPY"):
        flow.to_code("sql")
    assert '"excel"' in flow.to_code("python")


def test_ipc_keeps_decimals_exact(ff, tmp_path):
    columns = [{"name": "m", "data_type": "Decimal(precision=12, scale=3)"}]
    path = write(ff, tmp_path, "ipc", source=manual(columns, [["-1.5", None, "123456789.001"]]))
    frame = read(ff, tmp_path, path, "ipc")
    assert dtypes(frame) == ["Decimal(precision=12, scale=3)"]
    assert [str(r[0]) if r[0] is not None else None for r in frame.rows()] == [
        "-1.500", None, "123456789.001"]
    with pytest.raises(ff.FlowfileError, match="'m' is of type Decimal"):
        write(ff, tmp_path, "avro", source=manual(columns, [["1.5"]]))
