"""DataFrame: a collected result (held by the engine, read on demand) and Series, a column."""

from __future__ import annotations

import os

from ._kwargs import check
from .dtypes import schema_from_core
from .frame import _WRITE, _WRITE_CSV, _WRITE_PARQUET


class Series:
    """One column of values: ``ff.Series("a", [1, 2], dtype=ff.Int64)``, or
    ``DataFrame.get_column(name)`` (read from the engine when first asked for).

    name must be a str (TypeError otherwise); dtype: the column type (default: inferred).
    """

    __slots__ = ("name", "_df", "_values")

    def __init__(self, name: str | None = None, values=None, dtype=None, *, _values=None):
        # Series("a", [1, 2], dtype=ff.Int64) as in Polars; internally Series(name, df).
        if isinstance(values, DataFrame):
            if dtype is not None:
                raise TypeError("Series(name, DataFrame) takes no dtype")
            self.name, self._df, self._values = name, values, _values
            return
        from .io import from_dict
        name = "" if name is None else name
        if not isinstance(name, str):
            raise TypeError(f"Series: name must be a string, got {type(name).__name__}")
        values = [] if values is None else list(values)
        overrides = None if dtype is None else {name: dtype}
        self.name, self._values = name, None
        self._df = from_dict({name: values}, schema_overrides=overrides).collect()

    @property
    def dtype(self):
        """The column's type."""
        return self._df.schema[self.name]

    def to_list(self) -> list:
        """The values as a Python list."""
        if self._values is None:
            self._values = self._df._d.column(self.name)
        return list(self._values)

    def to_numpy(self):
        """The values as a numpy array (nulls as NaN / NaT, or None in object arrays)."""
        return self._df._column_numpy(self.name)

    def to_pandas(self):
        """The values as a pandas Series (needs pandas)."""
        import pandas
        return pandas.Series(self.to_numpy(), name=self.name)

    def __len__(self) -> int:
        return self._df.height

    def __iter__(self):
        return iter(self.to_list())

    def __getitem__(self, index):
        return self.to_list()[index]

    def __eq__(self, other):
        if isinstance(other, Series):
            return self.to_list() == other.to_list()
        return NotImplemented

    def sum(self):
        """The sum of the non-null values."""
        return sum(v for v in self.to_list() if v is not None)

    def min(self):
        """The smallest non-null value (None when there is none)."""
        return min((v for v in self.to_list() if v is not None), default=None)

    def max(self):
        """The largest non-null value (None when there is none)."""
        return max((v for v in self.to_list() if v is not None), default=None)

    def mean(self):
        """The mean of the non-null values (None when there is none)."""
        values = [v for v in self.to_list() if v is not None]
        return sum(values) / len(values) if values else None

    def null_count(self) -> int:
        """The number of nulls."""
        return sum(1 for v in self.to_list() if v is None)

    def __repr__(self) -> str:
        values = self.to_list()
        shown = ", ".join(repr(v) for v in values[:10]) + (", …" if len(values) > 10 else "")
        return f"shape: ({len(values)},)\nSeries: {self.name!r} [{self.dtype!r}]\n[{shown}]"


class DataFrame:
    """A collected result, held by the engine and read into Python on demand.

    ``DataFrame(data)`` builds one from columns as ``ff.from_dict`` does. Every transform of
    FlowFrame (``filter``, ``select``, ``join``, ``group_by(...).agg(...)``...) works here too and
    runs at once, returning a DataFrame. ``df["a"]`` is a column, ``df[0]`` or ``df[1:3]`` rows,
    ``df[["a", "b"]]`` columns, ``df[row, column]`` one value.
    """

    __slots__ = ("_d", "_schema")

    def __init__(self, data):
        core = data
        if not hasattr(core, "height"):  # columns, not the engine's result
            from .io import from_dict
            core = from_dict(core).collect()._d
        self._d = core
        self._schema = None

    # ---- shape and schema
    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (self._d.height, self._d.width)

    @property
    def height(self) -> int:
        """The number of rows."""
        return self._d.height

    @property
    def width(self) -> int:
        """The number of columns."""
        return self._d.width

    def __len__(self) -> int:
        return self._d.height

    @property
    def columns(self) -> list[str]:
        """The column names."""
        return self._d.columns()

    @property
    def schema(self):
        """Column name -> dtype as a ``Schema``."""
        if self._schema is None:
            self._schema = schema_from_core(self._d.schema())
        return self._schema

    @property
    def dtypes(self) -> list:
        """The column types, in column order."""
        return list(self.schema.values())

    def is_empty(self) -> bool:
        """True when there are no rows."""
        return self.height == 0

    # ---- data
    def rows(self, *, named: bool = False) -> list:
        """All rows as tuples, or as dicts with ``named=True``."""
        rows = self._d.rows()
        if named:
            names = self.columns
            return [dict(zip(names, r)) for r in rows]
        return rows

    def row(self, index: int, *, named: bool = False):
        """Row ``index`` as a tuple, or a dict with ``named=True``. Raises
        InvalidArgumentError when the index is out of range.
        """
        r = self._d.row(index)
        return dict(zip(self.columns, r)) if named else r

    def iter_rows(self, *, named: bool = False):
        """Iterates over the rows (tuples, or dicts with ``named=True``)."""
        return iter(self.rows(named=named))

    def to_dicts(self) -> list[dict]:
        """The rows as a list of dicts."""
        return self.rows(named=True)

    def to_dict(self, *, as_series: bool = True) -> dict:
        """Column name -> Series (or -> list of values with ``as_series=False``)."""
        if as_series:
            return {name: self.get_column(name) for name in self.columns}
        return {name: self._d.column(name) for name in self.columns}

    def get_column(self, name: str) -> Series:
        """The column ``name`` as a Series; NotFoundError naming the closest columns when missing.
        """
        if name not in self.columns:
            self._d.column(name)  # raises NotFoundError naming the closest columns
        return Series(name, self)  # values are read when asked for (to_list / to_numpy)

    def get_columns(self) -> list[Series]:
        """Every column as a Series."""
        return [self.get_column(n) for n in self.columns]

    def item(self, row: int | None = None, column: int | str | None = None):
        """One value: the only one of a 1x1 frame (ValueError otherwise), or the one at ``row`` and
        ``column`` (a position or a name).
        """
        if row is None and column is None:
            if self.shape != (1, 1):
                raise ValueError(f"item() needs a 1x1 frame, this one has shape {self.shape}")
            return self._d.row(0)[0]
        values = self._d.row(row)
        return values[column if isinstance(column, int) else self.columns.index(column)]

    def __getitem__(self, key):
        if isinstance(key, tuple) and len(key) == 2:  # df[row, column] as in Polars
            rows, columns = key
            if isinstance(rows, int) and isinstance(columns, (int, str)):
                return self.item(rows if rows >= 0 else self.height + rows, columns)
            if isinstance(columns, int):
                columns = self.columns[columns]
            picked = self.select(columns if isinstance(columns, list) else [columns])
            if isinstance(rows, int):
                rows = slice(rows, rows + 1) if rows >= 0 else slice(rows, rows + 1 or None)
            picked = picked if rows == slice(None) else picked[rows]
            return picked.get_column(columns) if isinstance(columns, str) else picked
        if isinstance(key, str):
            return self.get_column(key)
        if isinstance(key, int):
            return self.slice(key if key >= 0 else self.height + key, 1)
        if isinstance(key, (list, tuple)) and all(isinstance(k, str) for k in key):
            return self.select(list(key))
        if isinstance(key, slice):
            start, stop, step = key.indices(self.height)
            if step != 1:
                raise ValueError("DataFrame slices with a step are not supported")
            return self.slice(start, max(0, stop - start))
        raise TypeError(f"cannot index a DataFrame with {type(key).__name__}")

    def __iter__(self):
        return iter(self.get_columns())

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def _column_numpy(self, name: str):
        import numpy as np
        result = self._d.column_numpy(name)
        if result is None:
            return np.array(self._d.column(name), dtype=object)
        values, mask, kind = result
        if kind == "Date":
            values = values.astype("datetime64[D]")
        elif kind == "Datetime":
            values = values.view("datetime64[us]")
        elif kind == "Time":
            values = values.view("timedelta64[us]")
        if mask is not None:
            invalid = ~mask
            if values.dtype.kind in "iu":
                values = values.astype("float64")
                values[invalid] = np.nan
            elif values.dtype.kind == "f":
                values = values.copy()
                values[invalid] = np.nan
            elif values.dtype.kind in "mM":
                values = values.copy()
                values[invalid] = np.datetime64("NaT") if values.dtype.kind == "M" else np.timedelta64("NaT")
            else:
                values = values.astype(object)
                values[invalid] = None
        return values

    def to_numpy(self):
        """The rows as a 2-D numpy array (nulls as NaN / NaT, or None in object arrays)."""
        import numpy as np
        columns = [self._column_numpy(n) for n in self.columns]
        if not columns:
            return np.empty((self.height, 0))
        return np.column_stack(columns) if len(columns) > 1 else columns[0].reshape(-1, 1)

    def to_pandas(self):
        """The frame as a pandas DataFrame (needs pandas)."""
        import pandas
        return pandas.DataFrame({n: self._column_numpy(n) for n in self.columns},
                                columns=self.columns)

    # ---- comparison, display
    def equals(self, other: DataFrame, *, null_equal: bool = True) -> bool:
        """True when ``other`` has the same columns, types and rows in the same order (nulls equal).
        ``null_equal=False`` raises NotImplementedError.
        """
        if not null_equal:
            raise NotImplementedError("DataFrame.equals: null_equal=False is not supported")
        return isinstance(other, DataFrame) and self._d.equals(other._d)

    def __eq__(self, other):
        if isinstance(other, DataFrame):
            return self.equals(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return self._d.to_string(10)

    __str__ = __repr__

    def filter(self, *predicates, **kwargs) -> DataFrame:
        """The rows where the predicates are true (expressions, as on a lazy frame), or where a
        boolean mask (a list or Series with one True / False / None per row) is True.

        Raises ValueError when the mask's length differs from the height, TypeError when it holds
        other values.
        """
        if len(predicates) == 1 and not kwargs and (
                isinstance(predicates[0], Series) or (
                    isinstance(predicates[0], (list, tuple)) and predicates[0]
                    and all(isinstance(v, bool) or v is None for v in predicates[0]))):
            mask = list(predicates[0])
            if len(mask) != self.height:
                raise ValueError(f"filter: the mask has {len(mask)} values for {self.height} rows")
            if any(not isinstance(v, bool) and v is not None for v in mask):
                raise TypeError("filter: a mask holds only True, False or None")
            from .expr import col
            keep = [i for i, v in enumerate(mask) if v]
            index = "__ff_mask_row"
            while index in self.columns:
                index += "_"
            lazy = self.lazy().with_row_index(index)
            return lazy.filter(col(index).is_in(keep)).drop(index).collect()
        return self.lazy().filter(*predicates, **kwargs).collect()

    def _repr_html_(self) -> str:
        from ._inspect import dataframe_html
        return dataframe_html(self)

    # ---- lazy bridge and writes
    def lazy(self):
        """A lazy FlowFrame starting from this result."""
        from .frame import FlowFrame
        return FlowFrame(self._d.lazy(""))

    def write_csv(self, file, separator: str = ",", *, include_header: bool = True, **options):
        """Writes a CSV file; arguments as for ``FlowFrame.write_csv``."""
        check(DataFrame.write_csv, options, **_WRITE_CSV)
        self._d.write_csv(os.fspath(file), separator, include_header)

    def write_parquet(self, file, compression: str = "zstd", *, compression_level=None,
                      **options):
        """Writes a Parquet file; arguments as for ``FlowFrame.write_parquet``."""
        check(DataFrame.write_parquet, options, **_WRITE_PARQUET)
        self._d.write_parquet(os.fspath(file), compression, compression_level)

    def write_ndjson(self, file, **options):
        """Writes newline-delimited JSON; arguments as for ``FlowFrame.write_ndjson``."""
        check(DataFrame.write_ndjson, options, **_WRITE)
        self._d.write_ndjson(os.fspath(file))

    def __getattr__(self, name):
        # Eager forms of FlowFrame's transforms: df.filter(...) runs at once.
        from .frame import FlowFrame, GroupBy
        attribute = getattr(FlowFrame, name, None)
        if attribute is None or name.startswith("_"):
            raise AttributeError(f"'DataFrame' object has no attribute '{name}'")

        def eager(*args, **kwargs):
            result = getattr(self.lazy(), name)(*args, **kwargs)
            if isinstance(result, FlowFrame):
                return result.collect()
            if isinstance(result, GroupBy):
                return _EagerGroupBy(result)
            return result

        return eager


class _EagerGroupBy:
    def __init__(self, group_by):
        self._g = group_by

    def __getattr__(self, name):
        method = getattr(self._g, name)
        return lambda *a, **k: method(*a, **k).collect()
