"""Readers and combinators that start frames: from_dict, read/scan csv, parquet, json."""

from __future__ import annotations

import os

from . import _core
from ._kwargs import ANY, UTF8, OneOf, check, delta_version_of
from .frame import FlowFrame, _d

# Flowfile's and Polars' reader arguments that change nothing here at these values.
_READ = dict(flow_graph=None, storage_options=None, include_file_paths=None,
             convert_to_absolute_path=True, rechunk=ANY, low_memory=ANY, cache=ANY)
_CLOUD_READ = dict(flow_graph=None, output_field_config=None,
                   scan_mode=OneOf((None, "single_file", "directory")))


def _paths(source) -> list[str]:
    if isinstance(source, (list, tuple)):
        return [os.fspath(s) for s in source]
    return [os.fspath(source)]


def from_dict(data, schema=None, *, schema_overrides=None, description: str | None = None,
              **options) -> FlowFrame:
    """A lazy frame from columns: a dict of name -> values (lists, numpy arrays, pandas Series) or a
    pandas DataFrame.

    schema: a dict of name -> dtype fixing some columns' types (a None dtype lets the type be
    inferred); other schema forms give no types. schema_overrides: name -> dtype, applied over
    ``schema``. description: the label of the frame's node in its flow graph.

    Accepted for compatibility: ``strict=True`` and ``flow_graph=None`` (other values raise
    NotImplementedError). Raises InvalidArgumentError when the columns differ in length or a value
    does not fit its type.
    """
    check(from_dict, options, strict=True, flow_graph=None)
    if hasattr(data, "to_dict") and hasattr(data, "columns") and not isinstance(data, dict):
        data = {c: data[c] for c in data.columns}  # a pandas DataFrame
    columns = [(str(name), list(values)) for name, values in dict(data).items()]
    types = {}
    if isinstance(schema, dict):
        types = {k: v for k, v in schema.items() if v is not None}
    types.update(schema_overrides or {})
    return FlowFrame(_core.from_columns(columns, types, _d(description)))


def _scan(scan, *args):
    """A missing file raises FileNotFoundError (ours, also the builtin)."""
    from .errors import FileNotFoundError as MissingFile, NotFoundError
    try:
        return scan(*args)
    except NotFoundError as error:
        if str(error).startswith("scan_"):
            raise MissingFile(str(error)) from None
        raise


def from_records(records, schema=None, *, description: str | None = None) -> FlowFrame:
    """A lazy frame from a list of dicts (rows); the columns are the keys in order of first
    appearance, and a key missing from a row is null there.

    schema and description are as for ``from_dict``.
    """
    names: list[str] = []
    for r in records:
        for k in r:
            if k not in names:
                names.append(k)
    return from_dict({n: [r.get(n) for r in records] for n in names}, schema,
                     description=description)


def scan_csv(source, *, separator: str = ",", has_header: bool = True, schema_overrides=None,
             schema=None, null_values=None, skip_rows: int = 0, n_rows: int | None = None,
             encoding: str = "utf8", quote_char: str | None = '"',
             infer_schema_length: int | None = 100, infer_schema: bool = True,
             ignore_errors: bool = False, new_columns=None, row_index_name: str | None = None,
             row_index_offset: int = 0, description: str | None = None,
             **options) -> FlowFrame:
    # DuckDB's sniffer always recognises dates, hence try_parse_dates=True.
    """A lazy frame over one or more CSV files (a path, or a list of paths with the same columns).

    separator: the field delimiter. has_header: False names the columns ``column_1``,
    ``column_2``... schema_overrides (or schema): name -> dtype for the columns to type
    explicitly; the others are inferred from the first ``infer_schema_length`` rows (None: all
    rows; 0, or ``infer_schema=False``, reads every column as String). null_values: a string,
    list or dict of strings read as null. skip_rows: lines to skip before the header. n_rows:
    read at most this many rows. encoding: "utf8" or another encoding the engine knows.
    quote_char: the quote character (None: no quoting). ignore_errors: skip rows that do not
    parse instead of failing. new_columns: names replacing the first columns' names, in order.
    row_index_name / row_index_offset: add a row-number column first. description: the node's
    label.

    Accepted for compatibility at the value that matches this engine (any other raises
    NotImplementedError): try_parse_dates=True, comment_prefix=None, skip_lines=0,
    skip_rows_after_header=0, missing_utf8_is_empty_string=False, eol_char="\\n",
    raise_if_empty=True, truncate_ragged_lines=False, decimal_comma=False, glob=True,
    with_column_names=None, scan_mode=None or "single_file", flow_graph=None,
    storage_options=None, include_file_paths=None, convert_to_absolute_path=True; rechunk,
    low_memory and cache take any value.

    Raises FileNotFoundError (flowfile's, also the builtin) when a file does not exist.
    """
    check(scan_csv, options, **_READ, try_parse_dates=True, comment_prefix=None, skip_lines=0,
          skip_rows_after_header=0, missing_utf8_is_empty_string=False, eol_char="\n",
          raise_if_empty=True, truncate_ragged_lines=False, decimal_comma=False, glob=True,
          with_column_names=None, scan_mode=OneOf((None, "single_file")))
    overrides = dict(schema_overrides or schema or {})
    if isinstance(null_values, str):
        null_values = [null_values]
    elif isinstance(null_values, dict):
        null_values = list(null_values.values())
    if not infer_schema:
        # Polars: every column String.
        infer_schema_length = 0
    frame = _scan(_core.scan_csv, _paths(source), separator, has_header, overrides,
                           list(null_values or []), skip_rows, n_rows, encoding, quote_char,
                           infer_schema_length, ignore_errors, _d(description))
    f = FlowFrame(frame)
    if not infer_schema:
        from .dtypes import String
        f = f.cast({c: String for c in f.columns})
    if new_columns:
        f = f.rename(dict(zip(f.columns, new_columns)))
    return _with_row_index(f, row_index_name, row_index_offset)


def _with_row_index(frame: FlowFrame, name, offset) -> FlowFrame:
    return frame if name is None else frame.with_row_index(name, offset)


read_csv = scan_csv


def scan_parquet(source, *, columns=None, n_rows: int | None = None,
                 hive_partitioning: bool = False, row_index_name: str | None = None,
                 row_index_offset: int = 0, description: str | None = None,
                 **options) -> FlowFrame:
    """A lazy frame over Parquet files: a path, a list of paths, a glob, or a folder (read with
    every ``*.parquet`` below it).

    columns: read only these columns (names, or positions). n_rows: read at most this many rows.
    hive_partitioning: take ``key=value`` folder names as columns. row_index_name /
    row_index_offset: add a row-number column. description: the node's label.

    Accepted for compatibility: scan_mode=None, "single_file" or "directory"; glob=True;
    use_pyarrow=False; pyarrow_options=None; allow_missing_columns=False; flow_graph=None;
    storage_options=None; include_file_paths=None; convert_to_absolute_path=True; parallel,
    use_statistics, memory_map, rechunk, low_memory and cache take any value. Other values raise
    NotImplementedError. Raises FileNotFoundError when a file does not exist.
    """
    check(scan_parquet, options, **_READ, scan_mode=OneOf((None, "single_file", "directory")),
          parallel=ANY, use_statistics=ANY, memory_map=ANY, glob=True, use_pyarrow=False,
          pyarrow_options=None, allow_missing_columns=False)
    paths = _paths(source)
    paths = [os.path.join(p, "**", "*.parquet") if os.path.isdir(p) else p for p in paths]
    f = FlowFrame(_scan(_core.scan_parquet, paths, n_rows, hive_partitioning, _d(description)))
    if columns is not None:
        f = f.select([f.columns[c] if isinstance(c, int) else c for c in columns])
    return _with_row_index(f, row_index_name, row_index_offset)


read_parquet = scan_parquet


def read_json(source, *, description: str | None = None, **options) -> FlowFrame:
    """A lazy frame over JSON files holding an array of objects (one row per object).

    Accepted for compatibility: flow_graph=None, schema=None, schema_overrides=None,
    infer_schema_length=100. Raises FileNotFoundError when a file does not exist.
    """
    check(read_json, options, flow_graph=None, schema=None, schema_overrides=None,
          infer_schema_length=100)
    return FlowFrame(_scan(_core.scan_json, _paths(source), None, False, _d(description)))


def scan_ndjson(source, *, n_rows: int | None = None, row_index_name: str | None = None,
                row_index_offset: int = 0, description: str | None = None,
                **options) -> FlowFrame:
    """A lazy frame over newline-delimited JSON files (one object per line).

    n_rows: read at most this many rows. row_index_name / row_index_offset: add a row-number
    column. Accepted for compatibility: schema=None, schema_overrides=None,
    infer_schema_length=100, ignore_errors=False, batch_size (any), and the arguments
    ``scan_csv`` accepts for every reader. Raises FileNotFoundError when a file does not exist.
    """
    check(scan_ndjson, options, **_READ, schema=None, schema_overrides=None,
          infer_schema_length=100, batch_size=ANY, ignore_errors=False)
    f = FlowFrame(_scan(_core.scan_json, _paths(source), n_rows, True, _d(description)))
    return _with_row_index(f, row_index_name, row_index_offset)


read_ndjson = scan_ndjson


def concat(items, how: str = "vertical", *, description: str | None = None,
           **options) -> FlowFrame:
    """Stacks frames (FlowFrames or DataFrames) into one lazy frame.

    how: "vertical" (the same columns in the same order; InvalidArgumentError naming the frame
    that differs otherwise), "vertical_relaxed" (also widens types), "diagonal" /
    "diagonal_relaxed" (columns matched by name, missing ones null) or "horizontal" (side by
    side). Accepted for compatibility: rechunk and parallel (any value).
    """
    check(concat, options, rechunk=ANY, parallel=ANY)
    frames = [i.lazy() if hasattr(i, "lazy") else i for i in items]
    return FlowFrame(_core.concat([f._f for f in frames], how, _d(description)))


def open_flow(path):
    """Opens a flow file (YAML or JSON, saved by ``save_graph`` or by Flowfile) as a ``Flow``,
    which also behaves as the frame of its result.

    Raises NotFoundError when the file does not exist, InvalidArgumentError when it is not
    a valid flow.
    """
    from .flow import open_flow as _open

    return _open(path)


read_flow = open_flow


def config(*, threads: int | None = None, memory_limit: str | None = None,
           temp_directory: str | None = None) -> dict:
    """Sets and returns the engine settings of this process; arguments left None keep their value.

    threads: worker threads (default: the number of cores). memory_limit: a size such as "4GB".
    temp_directory: where the engine spills when memory runs short. Returns the settings now in
    force as a dict with the keys ``threads``, ``memory_limit`` and ``temp_directory``.
    """
    cur_threads, cur_memory, cur_temp = _core.current_config()
    _core.configure(cur_threads if threads is None else threads,
                    cur_memory if memory_limit is None else memory_limit,
                    cur_temp if temp_directory is None else temp_directory)
    t, m, d = _core.current_config()
    return {"threads": t, "memory_limit": m, "temp_directory": d}


def read_database(connection_name: str, *, table_name: str | None = None,
                  schema_name: str | None = None, query: str | None = None,
                  description: str | None = None, partition_on: str | None = None,
                  partition_num: int | None = None, **options) -> FlowFrame:
    """A lazy frame over a table or a query of a stored database connection (named; the
    connection's credentials never appear in the code).

    Give ``table_name`` (with ``schema_name``, default: the database's default schema) or
    ``query`` (a SELECT in the database's own SQL). partition_on: an integer column; with
    ``partition_num=N`` (PostgreSQL) the rows are read as N ranges over N connections side by
    side. Accepted for compatibility: flow_graph=None. Raises NotFoundError listing the known
    connections when ``connection_name`` does not exist.
    """
    check(read_database, options, flow_graph=None)
    return FlowFrame(_core.read_database(connection_name, table_name or "", schema_name or "",
                                         query or "", _d(description), partition_on or "",
                                         partition_num or 1))


def write_database(df, connection_name: str, table_name: str, *, schema_name: str | None = None,
                   if_exists: str = "append", description: str | None = None) -> None:
    """Writes a frame (lazy or collected) into a table of a stored database connection; see
    ``FlowFrame.write_database``.
    """
    frame = df.lazy() if hasattr(df, "lazy") else df
    frame.write_database(connection_name, table_name, schema_name, if_exists, description)


def list_database_schemas(connection_name: str) -> list[str]:
    """The schema names of a stored database connection."""
    return _core.list_database_schemas(connection_name)


def list_database_tables(connection_name: str, schema: str | None = None) -> list[str]:
    """The table names of a stored database connection, in ``schema`` (default: the database's
    default schema).
    """
    return _core.list_database_tables(connection_name, schema or "")


def list_database_columns(connection_name: str, table_name: str,
                          schema: str | None = None) -> list[dict]:
    """The columns of a table of a stored database connection: one dict per column, in
    table order.
    """
    return _core.list_database_columns(connection_name, schema or "", table_name)


def _is_cloud_url(source) -> bool:
    text = os.fspath(source) if not isinstance(source, str) else source
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() != "file"


def _timestamp_ms(timestamp) -> int | None:
    if timestamp is None:
        return None
    import datetime as _dt
    if isinstance(timestamp, str):
        timestamp = _dt.datetime.fromisoformat(timestamp)
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=_dt.timezone.utc)
    return int(timestamp.timestamp() * 1000)


def scan_delta(source, *, version: int | None = None, timestamp=None, connection_name=None,
               description: str | None = None, delta_version: int | None = None,
               **options) -> FlowFrame:
    """A lazy frame over a Delta table at its latest version, or at ``version=`` / ``timestamp=``.

    source: a local folder, or a cloud URL (s3://, az://, abfss://, gs://, ...) read through the
    stored connection ``connection_name`` (default: the connection whose scopes match the URL).
    version (or delta_version, the same argument under Flowfile's name; ValueError when both are
    given and differ): a table version number. timestamp: a ``datetime`` or ISO-8601 string (naive means
    UTC); the table as of that moment. Accepted for compatibility: flow_graph=None,
    output_field_config=None, storage_options=None, delta_table_options=None, use_pyarrow=False,
    pyarrow_options=None, rechunk (any). Raises NotFoundError when there is no Delta table
    there.
    """
    check(scan_delta, options, flow_graph=None, output_field_config=None, storage_options=None,
          delta_table_options=None, use_pyarrow=False, pyarrow_options=None, rechunk=ANY)
    version = delta_version_of(version, delta_version)
    if connection_name is not None or _is_cloud_url(source):
        return FlowFrame(_core.read_from_cloud_storage(
            os.fspath(source), connection_name or "", "delta", ";", True, _d(description),
            version, _timestamp_ms(timestamp)))
    return FlowFrame(_core.scan_delta(os.fspath(source), version, _timestamp_ms(timestamp),
                                      _d(description)))


read_delta = scan_delta


def read_from_cloud_storage(source: str, *, file_format: str = "parquet",
                            connection_name: str | None = None, delimiter: str = ";",
                            has_header: bool = True, description: str | None = None,
                            delta_version: int | None = None, version: int | None = None,
                            **options) -> FlowFrame:
    """A lazy frame over cloud objects (one key, a glob, a folder, or a Delta table) read through a
    stored cloud connection.

    file_format: "parquet", "csv", "json" (newline-delimited) or "delta". connection_name: the
    stored connection (default: the one whose scopes match the URL). delimiter / has_header: CSV
    only (the delimiter defaults to ";", Flowfile's default). delta_version (or version, the same
    argument under the CLI's name): a Delta table version. Accepted for compatibility: encoding="utf8", scan_mode=None, "single_file" or "directory",
    flow_graph=None, output_field_config=None.
    """
    check(read_from_cloud_storage, options, **_CLOUD_READ, encoding=UTF8)
    delta_version = delta_version_of(version, delta_version)
    return FlowFrame(_core.read_from_cloud_storage(source, connection_name or "", file_format,
                                                   delimiter, has_header, _d(description),
                                                   delta_version, None))


def scan_parquet_from_cloud_storage(source: str, *, connection_name: str | None = None,
                                    description: str | None = None, **options) -> FlowFrame:
    """``read_from_cloud_storage(source, file_format="parquet")``."""
    check(scan_parquet_from_cloud_storage, options, **_CLOUD_READ)
    return read_from_cloud_storage(source, file_format="parquet", connection_name=connection_name,
                                   description=description)


def scan_csv_from_cloud_storage(source: str, *, connection_name: str | None = None,
                                delimiter: str = ";", has_header: bool = True,
                                encoding: str = "utf8", description: str | None = None,
                                **options) -> FlowFrame:
    """``read_from_cloud_storage(source, file_format="csv")``; encoding: "utf8" only."""
    check(scan_csv_from_cloud_storage, dict(options, encoding=encoding), **_CLOUD_READ,
          encoding=UTF8)
    return read_from_cloud_storage(source, file_format="csv", connection_name=connection_name,
                                   delimiter=delimiter, has_header=has_header,
                                   description=description)


def scan_json_from_cloud_storage(source: str, *, connection_name: str | None = None,
                                 description: str | None = None, **options) -> FlowFrame:
    """``read_from_cloud_storage(source, file_format="json")``."""
    check(scan_json_from_cloud_storage, options, **_CLOUD_READ)
    return read_from_cloud_storage(source, file_format="json", connection_name=connection_name,
                                   description=description)


def write_to_cloud_storage(df, path: str, *, file_format: str = "parquet",
                           connection_name: str | None = None, delimiter: str = ";",
                           compression: str = "snappy", write_mode: str = "overwrite",
                           partition_by=None, description: str | None = None,
                           **options) -> None:
    """Writes a frame (lazy or collected) to cloud storage through a stored connection; see
    ``FlowFrame.write_to_cloud_storage``.
    """
    check(write_to_cloud_storage, options, encoding=UTF8)
    frame = df.lazy() if hasattr(df, "lazy") else df
    frame.write_to_cloud_storage(path, file_format=file_format, connection_name=connection_name,
                                 compression=compression, delimiter=delimiter,
                                 write_mode=write_mode, partition_by=partition_by,
                                 description=description)


def list_cloud_objects(connection_name: str, path: str, *, recursive: bool = True,
                       limit: int | None = None, start_after: str | None = None) -> list[dict]:
    """The objects under ``path`` of a stored cloud connection: dicts with url, size,
    last_modified and is_folder, sorted by key.

    recursive: False lists one level, deeper keys folded into folder entries. limit: at most
    this many entries (None: all). start_after: a key or URL (e.g. the last one seen) to page
    through the listing.
    """
    return _core.list_cloud_objects(connection_name, path, recursive, limit or 0,
                                    start_after or "")


def which_connection(url: str) -> str:
    """The name of the stored cloud connection a URL resolves to when no connection name is given
    (the one whose scopes match it). Raises NotFoundError when none matches.
    """
    name, _why = _core.which_connection(url)
    return name
