"""Data types with Polars' names: ``ff.Int64``, ``ff.Datetime("us")``, ``ff.List(ff.String)``.

A type is usable as the class (``ff.Int64``) or an instance (``ff.Int64()``); both compare
equal. Each knows its DuckDB spelling (``_sql``), which is what the core receives.
"""

from __future__ import annotations


class _DataTypeClass(type):
    def __repr__(cls) -> str:
        return cls.__name__

    def __eq__(cls, other) -> bool:
        if isinstance(other, type):
            return cls is other
        if isinstance(other, DataType):
            return type(other) is cls
        return NotImplemented

    def __hash__(cls) -> int:
        return hash(cls.__name__)


class DataType(metaclass=_DataTypeClass):
    """The base of every data type. Types have Polars' names and are usable as the class
    (``ff.Int64``) or an instance (``ff.Int64()``); both compare equal. Wherever a dtype is
    expected (``cast``, ``schema_overrides``, ``lit``...), a type name string such as
    ``"BIGINT"`` in DuckDB's spelling is also accepted; other values raise TypeError.
    """
    _sql = "VARCHAR"

    def __eq__(self, other) -> bool:
        if isinstance(other, type):
            return type(self) is other
        if isinstance(other, DataType):
            return type(self) is type(other) and self._sql == other._sql
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._sql))

    def __repr__(self) -> str:
        return type(self).__name__

    def is_numeric(self) -> bool:
        """True for integer, floating-point and decimal types."""
        return isinstance(self, (_Integer, _Float, Decimal))


class _Integer(DataType):
    pass


class _Float(DataType):
    pass


def _simple(name: str, sql: str, base=DataType, doc: str = ""):
    return _DataTypeClass(name, (base,), {"_sql": sql, "__module__": __name__, "__doc__": doc})


Int8 = _simple("Int8", "TINYINT", _Integer,
               doc="8-bit signed integer (DuckDB TINYINT).")
Int16 = _simple("Int16", "SMALLINT", _Integer,
                doc="16-bit signed integer (SMALLINT).")
Int32 = _simple("Int32", "INTEGER", _Integer,
                doc="32-bit signed integer (INTEGER).")
Int64 = _simple("Int64", "BIGINT", _Integer,
                doc="64-bit signed integer (BIGINT).")
Int128 = _simple("Int128", "HUGEINT", _Integer,
                 doc="128-bit signed integer (HUGEINT).")
UInt8 = _simple("UInt8", "UTINYINT", _Integer,
                doc="8-bit unsigned integer (UTINYINT).")
UInt16 = _simple("UInt16", "USMALLINT", _Integer,
                 doc="16-bit unsigned integer (USMALLINT).")
UInt32 = _simple("UInt32", "UINTEGER", _Integer,
                 doc="32-bit unsigned integer (UINTEGER).")
UInt64 = _simple("UInt64", "UBIGINT", _Integer,
                 doc="64-bit unsigned integer (UBIGINT).")
Float32 = _simple("Float32", "FLOAT", _Float,
                  doc="32-bit floating point (FLOAT).")
Float64 = _simple("Float64", "DOUBLE", _Float,
                  doc="64-bit floating point (DOUBLE).")
String = _simple("String", "VARCHAR",
                 doc="UTF-8 text (VARCHAR). ``Utf8`` and ``Categorical`` are the same type here.")
Utf8 = String
Boolean = _simple("Boolean", "BOOLEAN",
                  doc="True / False (BOOLEAN).")
Binary = _simple("Binary", "BLOB",
                 doc="Bytes (BLOB).")
Date = _simple("Date", "DATE",
               doc="A calendar date (DATE).")
Time = _simple("Time", "TIME",
               doc="A time of day (TIME).")
Null = _simple("Null", "INTEGER",
               doc="The type of an all-null column (stored as INTEGER).")
Categorical = String
Object = _simple("Object", "VARCHAR",
                 doc="A column of a type with no Polars counterpart (MAP, UNION and others).")


class Decimal(DataType):
    """Fixed-point decimal: ``precision`` digits (default and maximum 38), ``scale`` after the
    point.
    """
    _sql = "DECIMAL(38,0)"

    def __init__(self, precision: int | None = None, scale: int = 0):
        self.precision = 38 if precision is None else precision
        self.scale = scale
        self._sql = f"DECIMAL({self.precision},{self.scale})"

    def __repr__(self) -> str:
        return f"Decimal(precision={self.precision}, scale={self.scale})"


class Datetime(DataType):
    """Date and time. time_unit: "us" (default), "ms" or "ns" (ValueError otherwise); time_zone:
    any zone makes the column time-zone aware (stored as UTC instants).
    """
    _sql = "TIMESTAMP"

    def __init__(self, time_unit: str = "us", time_zone: str | None = None):
        if time_unit not in ("ns", "us", "ms"):
            raise ValueError(f"time_unit must be 'ns', 'us' or 'ms', not {time_unit!r}")
        self.time_unit = time_unit
        self.time_zone = time_zone
        if time_zone:
            self._sql = "TIMESTAMPTZ"
        else:
            self._sql = {"ns": "TIMESTAMP_NS", "us": "TIMESTAMP", "ms": "TIMESTAMP_MS"}[time_unit]

    def __repr__(self) -> str:
        tz = repr(self.time_zone) if self.time_zone else "None"
        return f"Datetime(time_unit={self.time_unit!r}, time_zone={tz})"


class Duration(DataType):
    """A length of time (DuckDB INTERVAL); ``time_unit`` is kept for Polars compatibility."""
    _sql = "INTERVAL"

    def __init__(self, time_unit: str = "us"):
        self.time_unit = time_unit

    def __repr__(self) -> str:
        return f"Duration(time_unit={self.time_unit!r})"


class List(DataType):
    """A variable-length list of values of type ``inner`` (default: Null)."""
    _sql = "VARCHAR[]"

    def __init__(self, inner=None):
        self.inner = inner if inner is not None else Null
        self._sql = f"{self.inner._sql}[]"

    def __repr__(self) -> str:
        return f"List({self.inner!r})"


class Array(List):
    """A fixed-size array as read from a source; it takes no width and behaves as a List."""
    def __repr__(self) -> str:
        return f"Array({self.inner!r})"


class Field:
    """One field of a Struct: a name and a dtype."""
    def __init__(self, name: str, dtype):
        self.name, self.dtype = name, dtype

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.dtype!r})"


class Struct(DataType):
    """A record of named fields: a list of ``Field`` or a dict of name -> dtype."""
    _sql = "STRUCT()"

    def __init__(self, fields=None):
        if isinstance(fields, dict):
            fields = [Field(k, v) for k, v in fields.items()]
        self.fields = list(fields or [])
        inner = ", ".join(f'"{f.name}" {f.dtype._sql}' for f in self.fields)
        self._sql = f"STRUCT({inner})"

    def __repr__(self) -> str:
        return "Struct({" + ", ".join(f"{f.name!r}: {f.dtype!r}" for f in self.fields) + "})"


_BY_DUCKDB = {
    "TINYINT": Int8, "SMALLINT": Int16, "INTEGER": Int32, "BIGINT": Int64, "HUGEINT": Int128,
    "UTINYINT": UInt8, "USMALLINT": UInt16, "UINTEGER": UInt32, "UBIGINT": UInt64,
    "FLOAT": Float32, "DOUBLE": Float64, "VARCHAR": String, "BOOLEAN": Boolean, "BLOB": Binary,
    "DATE": Date, "TIME": Time, "UUID": String, "NULL": Null, "JSON": String,
}


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def from_duckdb(type_text: str):
    """The dtype of a DuckDB type string ("BIGINT", "DECIMAL(10,2)", "VARCHAR[]", ...)."""
    import re

    t = type_text.strip()
    if t.endswith("[]"):
        return List(from_duckdb(t[:-2]))
    m = re.fullmatch(r"(.*)\[(\d+)\]", t)
    if m:
        return Array(from_duckdb(m.group(1)))
    m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", t)
    if m:
        return Decimal(int(m.group(1)), int(m.group(2)))
    if t.startswith("STRUCT(") and t.endswith(")"):
        fields = []
        for part in _split_top(t[7:-1]):
            if part.startswith('"'):
                end = part.index('"', 1)
                name, rest = part[1:end], part[end + 1:]
            else:
                name, _, rest = part.partition(" ")
            fields.append(Field(name, from_duckdb(rest)))
        return Struct(fields)
    if t.startswith("MAP(") or t.startswith("UNION("):
        return Object
    if t.startswith("ENUM("):
        return String
    if t in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"):
        return Datetime("us", "UTC")
    if t in ("TIMESTAMP", "TIMESTAMP_US", "DATETIME"):
        return Datetime("us")
    if t == "TIMESTAMP_NS":
        return Datetime("ns")
    if t in ("TIMESTAMP_MS", "TIMESTAMP_S"):
        return Datetime("ms")
    if t == "INTERVAL":
        return Duration("us")
    cls = _BY_DUCKDB.get(t)
    return cls() if cls is not None else Object()


class Schema(dict):
    """Column name -> dtype, in column order (a dict, as Polars' Schema)."""

    def names(self) -> list[str]:
        """The column names."""
        return list(self.keys())

    def dtypes(self) -> list:
        """The column types."""
        return list(self.values())

    def len(self) -> int:
        """The number of columns."""
        return len(self)

    def __repr__(self) -> str:
        return "Schema(" + repr(dict(self)) + ")"


def schema_from_core(items) -> Schema:
    return Schema((name, from_duckdb(duck)) for name, duck, _ in items)


__all__ = [
    "DataType", "Int8", "Int16", "Int32", "Int64", "Int128", "UInt8", "UInt16", "UInt32",
    "UInt64", "Float32", "Float64", "String", "Utf8", "Boolean", "Binary", "Date", "Time",
    "Datetime", "Duration", "Decimal", "List", "Array", "Struct", "Field", "Null",
    "Categorical", "Object", "Schema",
]
