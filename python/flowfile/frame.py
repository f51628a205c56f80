"""FlowFrame: a lazy, chainable frame whose every call becomes a node of its flow graph.

Arguments are normalised here the way Polars accepts them (strings are columns, lists or
*args, keyword names), then passed to the C++ core, which validates, compiles and runs.
"""

from __future__ import annotations

import os

from . import _core, _inspect
from ._kwargs import ANY, UTF8, OneOf, check
from .dtypes import schema_from_core
from .expr import Expr, col
from .graph import FlowGraph


def _flatten(items) -> list:
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def _exprs(args, named=None) -> list:
    out = [col(a) if isinstance(a, str) else a for a in _flatten(args)]
    for name, value in (named or {}).items():
        e = value if isinstance(value, (Expr, _core.Then)) else _core.lit(value)
        out.append(e.alias(name))
    return out


def _names(args) -> list[str]:
    return [a for a in _flatten(args) if a is not None]


def _d(description) -> str:
    return "" if description is None else str(description)


# Polars' optimiser switches and engine choice: DuckDB plans for itself, the result is the same.
_COLLECT = {name: ANY for name in (
    "type_coercion", "predicate_pushdown", "projection_pushdown", "simplify_expression",
    "slice_pushdown", "comm_subplan_elim", "comm_subexpr_elim", "cluster_with_columns",
    "collapse_joins", "no_optimization", "optimizations", "engine", "streaming")}


# Polars' writer arguments that change nothing here at these values (shared with DataFrame).
_WRITE = dict(maintain_order=True, storage_options=None)
_WRITE_CSV = dict(_WRITE, encoding=UTF8, include_bom=False, line_terminator="\n",
                  quote_char='"', null_value=OneOf((None, "")), batch_size=ANY)
_WRITE_PARQUET = dict(_WRITE, statistics=True, row_group_size=None, data_page_size=None,
                      use_pyarrow=False, pyarrow_options=None)


class FlowFrame:
    """A lazy frame: each method adds a node to the frame's flow graph and returns a new frame.
    Nothing runs until ``collect()``, a write, or a look at ``schema``.

    ``FlowFrame(data, schema)`` builds one from columns, as ``ff.from_dict`` does. Every method
    takes ``description=``, the label of its node in the flow graph (shown by ``flow_graph``,
    saved flows and the editor). Bad column names raise NotFoundError naming the closest ones;
    bad argument values raise InvalidArgumentError.
    """

    __slots__ = ("_f",)

    def __init__(self, data=None, schema=None, *, description: str | None = None):
        if isinstance(data, _core.Frame):
            self._f = data
        else:
            from .io import from_dict
            self._f = from_dict(data or {}, schema=schema, description=description)._f

    # ---- rows
    def filter(self, *predicates, description: str | None = None, **constraints) -> FlowFrame:
        """Keeps the rows where every predicate is true (``ff.col("x") > 1``; several are combined
        with ``&``; ``name=value`` keywords are equality tests).

        Raises TypeError for a Python bool or a Series (collect first and use
        ``DataFrame.filter(mask)``), ValueError when no predicate is given.
        """
        conditions = [p for p in _flatten(predicates)]
        if any(isinstance(c, bool) or type(c).__name__ == "Series" for c in conditions):
            raise TypeError("filter on a lazy frame takes expressions (ff.col('x') > 1); "
                            "for a boolean mask, collect() first and call DataFrame.filter(mask)")
        conditions += [col(k) == v for k, v in constraints.items()]
        if not conditions:
            raise ValueError("filter: give at least one predicate")
        predicate = conditions[0]
        for c in conditions[1:]:
            predicate = predicate & c
        return FlowFrame(self._f.filter(predicate, _d(description)))

    def head(self, n: int = 5, description: str | None = None) -> FlowFrame:
        """The first ``n`` rows."""
        return FlowFrame(self._f.head(n, _d(description)))

    def limit(self, n: int = 5, description: str | None = None) -> FlowFrame:
        """The first ``n`` rows (same as ``head``)."""
        return self.head(n, description)

    def tail(self, n: int = 5, description: str | None = None) -> FlowFrame:
        """The last ``n`` rows."""
        return FlowFrame(self._f.tail(n, _d(description)))

    def slice(self, offset: int, length: int | None = None,
              description: str | None = None) -> FlowFrame:
        """``length`` rows starting at row ``offset`` (None: to the end); a negative offset counts
        from the end.
        """
        return FlowFrame(self._f.slice(offset, length, _d(description)))

    def sample(self, n: int | None = None, *, fraction: float | None = None,
               seed: int | None = None, description: str | None = None, **options) -> FlowFrame:
        """A random sample of ``n`` rows, or a ``fraction`` of them (give one), without replacement.

        seed: makes the sample repeatable. Accepted for compatibility: with_replacement=False,
        shuffle=False (other values raise NotImplementedError).
        """
        check(FlowFrame.sample, options, with_replacement=False, shuffle=False)
        return FlowFrame(self._f.sample(n, fraction, seed, _d(description)))

    def unique(self, subset=None, *, keep: str = "any", maintain_order: bool = False,
               description: str | None = None) -> FlowFrame:
        """Drops duplicate rows, comparing the ``subset`` columns (default: all).

        keep: "any", "first", "last" or "none" (drop every row that has a duplicate).
        maintain_order: keep the rows in their input order.
        """
        subset = [] if subset is None else _names([subset])
        return FlowFrame(self._f.unique(subset, keep, maintain_order, _d(description)))

    def drop_nulls(self, subset=None, description: str | None = None) -> FlowFrame:
        """Drops the rows with a null in any of the ``subset`` columns (default: all)."""
        subset = [] if subset is None else _names([subset])
        return FlowFrame(self._f.drop_nulls(subset, _d(description)))

    # ---- columns
    def select(self, *exprs, description: str | None = None, **named) -> FlowFrame:
        """The given columns and expressions, in that order: strings are column names, lists are
        flattened, and ``name=expr`` keywords add expressions under that name (plain values become
        literals).
        """
        return FlowFrame(self._f.select(_exprs(exprs, named), _d(description)))

    def with_columns(self, *exprs, description: str | None = None, **named) -> FlowFrame:
        """Adds columns (or replaces those with the same name), keeping the others; arguments as for
        ``select``.
        """
        return FlowFrame(self._f.with_columns(_exprs(exprs, named), _d(description)))

    def drop(self, *columns, description: str | None = None, strict: bool = True) -> FlowFrame:
        """Drops columns. strict: False ignores names the frame does not have (True raises
        NotFoundError for them).
        """
        names = _names(columns)
        if not strict:
            present = set(self.columns)
            names = [n for n in names if n in present]
        return FlowFrame(self._f.drop(names, _d(description)))

    def rename(self, mapping: dict, description: str | None = None) -> FlowFrame:
        """Renames columns by an old -> new mapping."""
        return FlowFrame(self._f.rename(dict(mapping), _d(description)))

    def cast(self, dtypes: dict, *, strict: bool = True,
             description: str | None = None) -> FlowFrame:
        """Changes column types: a mapping of column name -> dtype (``ff.Int64``,
        ``ff.Datetime("ms")`` ...). strict: False gives null for values that do not convert instead
        of failing.
        """
        return FlowFrame(self._f.cast(dict(dtypes), strict, _d(description)))

    def with_row_index(self, name: str = "index", offset: int = 0,
                       description: str | None = None) -> FlowFrame:
        """Adds a row-number column ``name`` first, counting from ``offset``."""
        return FlowFrame(self._f.with_row_index(name, offset, _d(description)))

    def with_row_count(self, name: str = "row_nr", offset: int = 0,
                       description: str | None = None) -> FlowFrame:
        """``with_row_index`` under Polars' older name and default column name."""
        return self.with_row_index(name, offset, description)

    def explode(self, columns, *more_columns, description: str | None = None) -> FlowFrame:
        """One row per element of the given list columns (exploded together)."""
        return FlowFrame(self._f.explode(_names([columns, *more_columns]), _d(description)))

    def text_to_rows(self, column: str, output_column: str | None = None, delimiter: str = ",",
                     split_by_column: str | None = None,
                     description: str | None = None) -> FlowFrame:
        """Splits the text column ``column`` at ``delimiter`` into one row per part, in
        ``output_column`` (default: ``column`` itself).

        split_by_column (a delimiter per row) raises NotImplementedError.
        """
        if split_by_column is not None:
            raise NotImplementedError("text_to_rows: split_by_column is not supported yet")
        return FlowFrame(self._f.text_to_rows(column, delimiter, output_column, _d(description)))

    def fill_null(self, value=None, strategy: str | None = None, limit=None,
                  description: str | None = None) -> FlowFrame:
        """Replaces nulls with ``value`` in the columns whose type it fits (the others keep their
        nulls). ``strategy=`` and ``limit=`` raise NotImplementedError.
        """
        if strategy is not None:
            raise NotImplementedError("fill_null: strategy= is not supported yet; give a value")
        if limit is not None:
            raise NotImplementedError("fill_null: limit= is not supported")
        return FlowFrame(self._f.fill_null(value, _d(description)))

    # ---- aggregation and reshaping
    def group_by(self, *by, maintain_order: bool = False, description: str | None = None,
                 **named_by) -> GroupBy:
        """Groups by keys (column names or expressions; ``name=expr`` keywords name computed keys);
        finish with ``.agg(...)`` or a shortcut such as ``.sum()``.

        maintain_order: the groups in order of first appearance (otherwise unordered).
        """
        return GroupBy(self, _exprs(by, named_by), maintain_order, description)

    def sort(self, by, *more_by, descending=False, nulls_last=False,
             description: str | None = None, **options) -> FlowFrame:
        """Sorts by one or more columns or expressions.

        descending / nulls_last: a bool for every key, or a list with one per key. Accepted for
        compatibility: multithreaded (any), maintain_order=False (other values raise
        NotImplementedError).
        """
        check(FlowFrame.sort, options, multithreaded=ANY, maintain_order=False)
        keys = _exprs([by, *more_by])
        descending = list(descending) if isinstance(descending, (list, tuple)) else [descending]
        nulls_last = list(nulls_last) if isinstance(nulls_last, (list, tuple)) else [nulls_last]
        return FlowFrame(self._f.sort(keys, descending, nulls_last, _d(description)))

    def join(self, other: FlowFrame, on=None, how: str = "inner", *, left_on=None, right_on=None,
             suffix: str = "_right", coalesce: bool | None = None,
             description: str | None = None, **options) -> FlowFrame:
        """Joins with another frame on ``on`` (names or expressions present in both), or on
        ``left_on`` / ``right_on``.

        how: "inner", "left", "right", "full" (or "outer"), "semi", "anti" or "cross" (no keys).
        suffix: added to right-hand column names that clash. coalesce: merge the key columns into
        one (None: every join but a full one does). Raises ValueError when neither ``on`` nor both
        ``left_on`` and ``right_on`` are given. Accepted for compatibility: validate="m:m",
        nulls_equal=False, join_nulls=False, maintain_order=None or "none", allow_parallel and
        force_parallel (any); other values raise NotImplementedError.
        """
        check(FlowFrame.join, options, validate="m:m", nulls_equal=False, join_nulls=False,
              maintain_order=OneOf((None, "none")), allow_parallel=ANY, force_parallel=ANY)
        if how == "cross":
            left, right = [], []
        elif on is not None:
            left = right = _exprs([on])
        else:
            if left_on is None or right_on is None:
                raise ValueError("join: give on=, or both left_on= and right_on=")
            left, right = _exprs([left_on]), _exprs([right_on])
        return FlowFrame(self._f.join(other._f, left, right, how, suffix, coalesce, _d(description)))

    def pivot(self, on, *, index=None, values=None, aggregate_function: str | None = "first",
              description: str | None = None, **options) -> FlowFrame:
        """Long to wide: one column per distinct value of ``on``, one row per ``index`` combination,
        cells from ``values`` combined by ``aggregate_function``.

        aggregate_function: "first" (default; None means the same), "last", "sum", "mean",
        "median", "min", "max", "count" or "len". Accepted for compatibility: maintain_order=True,
        sort_columns=False, separator="_".
        """
        check(FlowFrame.pivot, options, maintain_order=True, sort_columns=False, separator="_")
        on_name = on if isinstance(on, str) else _names([on])[0]
        return FlowFrame(self._f.pivot(on_name, [] if index is None else _names([index]),
                                       [] if values is None else _names([values]),
                                       aggregate_function or "first", _d(description)))

    def unpivot(self, on=None, *, index=None, variable_name: str | None = None,
                value_name: str | None = None, description: str | None = None) -> FlowFrame:
        """Wide to long: the ``on`` columns (default: all but ``index``) become rows of
        ``variable_name`` (default "variable") and ``value_name`` (default "value"), keeping the
        ``index`` columns.
        """
        return FlowFrame(self._f.unpivot([] if on is None else _names([on]),
                                         [] if index is None else _names([index]),
                                         variable_name or "variable", value_name or "value",
                                         _d(description)))

    def melt(self, id_vars=None, value_vars=None, variable_name=None, value_name=None,
             description: str | None = None) -> FlowFrame:
        """``unpivot`` under its older Polars name and argument names."""
        return self.unpivot(value_vars, index=id_vars, variable_name=variable_name,
                            value_name=value_name, description=description)

    def concat(self, other, how: str = "vertical", description: str | None = None) -> FlowFrame:
        """This frame with ``other`` (a frame or a list) stacked below; see ``ff.concat``."""
        from .io import concat
        others = other if isinstance(other, (list, tuple)) else [other]
        return concat([self, *others], how=how, description=description)

    def sql(self, query: str, *, table_name: str = "self",
            description: str | None = None) -> FlowFrame:
        """Runs a SQL query (DuckDB's dialect) over this frame, which the query names ``self`` (or
        ``table_name``).
        """
        if table_name != "self":
            query = f"WITH {table_name} AS (SELECT * FROM self) {query}"
        return FlowFrame(self._f.sql(query, _d(description)))

    def cache(self, description: str | None = None) -> FlowFrame:
        """Runs the plan now and continues from the stored result (for a result used many times)."""
        return FlowFrame(self._f.cache(_d(description)))

    def lazy(self) -> FlowFrame:
        """The frame itself (a FlowFrame is already lazy)."""
        return self

    def pipe(self, function, *args, **kwargs):
        """``function(self, *args, **kwargs)``: for chaining your own steps."""
        return function(self, *args, **kwargs)

    # ---- introspection and execution
    @property
    def schema(self):
        """Column name -> dtype as a ``Schema``, without reading the data."""
        return schema_from_core(self._f.schema())

    def collect_schema(self):
        """The ``schema``."""
        return self.schema

    @property
    def columns(self) -> list[str]:
        """The column names, without reading the data."""
        return self._f.columns()

    @property
    def dtypes(self) -> list:
        """The column types, in column order."""
        return list(self.schema.values())

    @property
    def width(self) -> int:
        """The number of columns."""
        return len(self.columns)

    def explain(self, **options) -> str:
        """The plan the engine will run, as text. Accepted for compatibility: Polars' optimiser
        switches (any value), format="plain", optimized=True.
        """
        check(FlowFrame.explain, options, **_COLLECT, format="plain", optimized=True)
        return self._f.explain()

    def to_sql(self) -> str:
        """The one SQL query this frame compiles to."""
        return self._f.compiled_sql()

    def collect(self, **options):
        """Runs the frame and returns the result as a ``DataFrame``.

        Accepted for compatibility: Polars' optimiser switches (type_coercion, predicate_pushdown,
        projection_pushdown, ..., engine, streaming; any value: the engine plans for itself) and
        background=False. Raises EngineError (or a more precise Flowfile error) when the run fails.
        """
        check(FlowFrame.collect, options, **_COLLECT, background=False)
        from .dataframe import DataFrame
        return DataFrame(self._f.collect())

    def fetch(self, n_rows: int = 500):
        """Runs the first ``n_rows`` rows only; a quick look at a large frame."""
        return self.head(n_rows).collect()

    # ---- writes (run now; return the frame with its output node)
    def write_csv(self, file, separator: str = ",", *, include_header: bool = True,
                  description: str | None = None, **options) -> FlowFrame:
        """Writes the rows to a CSV file now; returns the frame with its output node.

        separator: the field delimiter. include_header: write the column names first. Accepted for
        compatibility: encoding "utf8"/"utf-8", include_bom=False, line_terminator="\\n",
        quote_char='"', null_value None or "", batch_size (any), maintain_order=True,
        storage_options=None.
        """
        check(FlowFrame.write_csv, options, **_WRITE_CSV)
        return FlowFrame(self._f.write_csv(os.fspath(file), separator, include_header,
                                           _d(description)))

    def write_parquet(self, path, compression: str | None = None, *,
                      compression_level: int | None = None, description: str | None = None,
                      **options) -> FlowFrame:
        """Writes the rows to a Parquet file now; returns the frame with its output node.

        compression: "zstd" (default), "snappy", "gzip", "lz4", "brotli" or "uncompressed";
        compression_level: for the codecs that take one. Accepted for compatibility:
        statistics=True, row_group_size=None, data_page_size=None, use_pyarrow=False,
        pyarrow_options=None, maintain_order=True, storage_options=None.
        """
        check(FlowFrame.write_parquet, options, **_WRITE_PARQUET)
        return FlowFrame(self._f.write_parquet(os.fspath(path), compression or "zstd",
                                               compression_level, _d(description)))

    def write_ndjson(self, path, description: str | None = None, **options) -> FlowFrame:
        """Writes the rows as newline-delimited JSON now; returns the frame with its output node.
        Accepted for compatibility: maintain_order=True, storage_options=None.
        """
        check(FlowFrame.write_ndjson, options, **_WRITE)
        return FlowFrame(self._f.write_ndjson(os.fspath(path), _d(description)))

    def write_database(self, connection_name: str, table_name: str, schema_name: str | None = None,
                       if_exists: str = "append", description: str | None = None) -> FlowFrame:
        """Writes the rows into ``table_name`` of a stored database connection, in one transaction.

        schema_name: default: the database's default schema. if_exists: "append" (default),
        "replace" or "fail". Raises NotFoundError when ``connection_name`` does not exist.
        """
        return FlowFrame(_core.write_database(self._f, connection_name, table_name,
                                              schema_name or "", if_exists, _d(description)))

    def write_delta(self, path, connection_name: str | None = None, write_mode: str = "overwrite",
                    partition_by=None, *, schema_mode: str = "strict",
                    description: str | None = None) -> FlowFrame:
        """Commits the rows as one new version of the Delta table at ``path``.

        path: a local folder, or a cloud URL written through the stored connection
        ``connection_name`` (default: chosen by scopes); cloud commits are conditional puts, so a
        version is never overwritten. write_mode: "overwrite" (default), "append" or "error" (fail
        if the table exists); cloud tables take "overwrite" or "append". partition_by: column
        name(s). schema_mode: "strict" (the columns must match the table) or "merge" (add new
        columns; local tables only).
        """
        from .io import _is_cloud_url
        if connection_name is not None or _is_cloud_url(path):
            if schema_mode != "strict":
                raise ValueError("write_delta to cloud storage supports schema_mode='strict' only")
            return self.write_to_cloud_storage(os.fspath(path), file_format="delta",
                                               connection_name=connection_name,
                                               write_mode=write_mode, partition_by=partition_by,
                                               description=description)
        return FlowFrame(_core.write_delta(self._f, os.fspath(path), write_mode,
                                           _names([partition_by or []]), schema_mode,
                                           _d(description)))

    def write_to_cloud_storage(self, path: str, *, file_format: str = "parquet",
                               connection_name: str | None = None, compression: str = "snappy",
                               delimiter: str = ";", write_mode: str = "overwrite",
                               partition_by=None, description: str | None = None,
                               **options) -> FlowFrame:
        """Writes to cloud storage through a stored connection (by name; default: chosen by scopes).

        file_format: "parquet", "csv", "json" or "delta". compression: the Parquet codec.
        delimiter: CSV only. write_mode: "overwrite" or "append" (a new part file in the folder
        ``path`` names; for Delta, a new commit). partition_by: column name(s). Accepted for
        compatibility: encoding="utf8".
        """
        check(FlowFrame.write_to_cloud_storage, options, encoding=UTF8)
        return FlowFrame(_core.write_to_cloud_storage(self._f, path, connection_name or "",
                                                      file_format, compression, delimiter,
                                                      _d(description), write_mode,
                                                      _names([partition_by or []])))

    def write_parquet_to_cloud_storage(self, path: str, connection_name: str | None = None,
                                       compression: str = "snappy", write_mode: str = "overwrite",
                                       description: str | None = None) -> FlowFrame:
        """``write_to_cloud_storage(path, file_format='parquet')``."""
        return self.write_to_cloud_storage(path, file_format="parquet",
                                           connection_name=connection_name,
                                           compression=compression, write_mode=write_mode,
                                           description=description)

    def write_csv_to_cloud_storage(self, path: str, connection_name: str | None = None,
                                   delimiter: str = ";", encoding: str = "utf8",
                                   write_mode: str = "overwrite",
                                   description: str | None = None) -> FlowFrame:
        """``write_to_cloud_storage(path, file_format='csv')``; encoding: 'utf8' only."""
        check(FlowFrame.write_csv_to_cloud_storage, {"encoding": encoding}, encoding=UTF8)
        return self.write_to_cloud_storage(path, file_format="csv", connection_name=connection_name,
                                           delimiter=delimiter, write_mode=write_mode,
                                           description=description)

    def write_json_to_cloud_storage(self, path: str, connection_name: str | None = None,
                                    write_mode: str = "overwrite",
                                    description: str | None = None) -> FlowFrame:
        """``write_to_cloud_storage(path, file_format='json')``."""
        return self.write_to_cloud_storage(path, file_format="json",
                                           connection_name=connection_name,
                                           write_mode=write_mode, description=description)

    def write_catalog_table(self, table_name: str, **kwargs) -> FlowFrame:
        """Commits the rows to a catalog table; arguments as for ``ff.write_catalog_table``."""
        from .catalog import write_catalog_table
        return write_catalog_table(self, table_name, **kwargs)

    sink_csv = write_csv
    sink_parquet = write_parquet
    sink_ndjson = write_ndjson

    # ---- graph
    @property
    def flow_graph(self) -> FlowGraph:
        """The ``FlowGraph`` of the steps that build this frame."""
        return FlowGraph(self)

    @property
    def node_id(self) -> int:
        """The id of this frame's own (last) node in its flow graph."""
        return self.flow_graph.nodes[-1].node_id

    def get_node_settings(self) -> dict:
        """The settings of this frame's last node, as a dict."""
        return self.flow_graph.nodes[-1].setting_input

    def save_graph(self, file_path, auto_arrange: bool = True) -> None:
        """Saves the steps that build this frame as a flow file (YAML for .yaml/.yml, else JSON),
        which ``ff.open_flow``, ``flowfile run`` and the editor open. auto_arrange: accepted and
        ignored.
        """
        self._f.save_graph(os.fspath(file_path))

    def __repr__(self) -> str:
        return _inspect.frame_repr(self)

    def _repr_html_(self) -> str:
        return _inspect.frame_html(self)

    def describe(self):
        """Summary statistics of every column (runs the frame; returns a DataFrame)."""
        return _inspect.describe(self)

    def null_count(self) -> FlowFrame:
        """One row with the number of nulls in each column."""
        return _inspect.null_count(self)

    def glimpse(self, *, max_items_per_column: int = 10, return_as_string: bool = False):
        """Each column on one line: name, type and its first ``max_items_per_column`` values. Prints
        it, or returns it when ``return_as_string=True``.
        """
        return _inspect.glimpse(self, max_items_per_column=max_items_per_column,
                                return_as_string=return_as_string)

    def __bool__(self) -> bool:
        raise TypeError("the truth value of a FlowFrame is ambiguous; collect() it first")


class GroupBy:
    """A grouped frame from ``FlowFrame.group_by``: finish with ``agg(...)`` or a shortcut that
    applies one aggregate to every non-key column.
    """

    def __init__(self, frame: FlowFrame, keys: list, maintain_order: bool, description):
        self._frame, self._keys = frame, keys
        self._maintain_order, self._description = maintain_order, description

    def agg(self, *aggs, description: str | None = None, **named) -> FlowFrame:
        """One row per group: the keys, then the aggregate expressions (strings are columns, lists
        are flattened, ``name=expr`` keywords name them).
        """
        d = description if description is not None else self._description
        return FlowFrame(self._frame._f.group_by_agg(self._keys, _exprs(aggs, named),
                                                     self._maintain_order, _d(d)))

    def _all(self, function: str) -> FlowFrame:
        return FlowFrame(self._frame._f.group_by_all(self._keys, self._maintain_order, function,
                                                     _d(self._description)))

    def sum(self):
        """The sum of every non-key column per group."""
        return self._all("sum")

    def mean(self):
        """The mean of every non-key column per group."""
        return self._all("mean")

    def median(self):
        """The median of every non-key column per group."""
        return self._all("median")

    def min(self):
        """The minimum of every non-key column per group."""
        return self._all("min")

    def max(self):
        """The maximum of every non-key column per group."""
        return self._all("max")

    def first(self):
        """The first value of every non-key column per group."""
        return self._all("first")

    def last(self):
        """The last value of every non-key column per group."""
        return self._all("last")

    def n_unique(self):
        """The number of distinct values of every non-key column per group."""
        return self._all("n_unique")

    def count(self):
        """The number of non-null values of every non-key column per group."""
        return self._all("count")

    def len(self, name: str | None = None):
        """The number of rows per group, in a column ``name`` (default 'len')."""
        return self.agg(_core.len().alias(name or "len"))
