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
        return isinstance(self, (_Integer, _Float, Decimal))


class _Integer(DataType):
    pass


class _Float(DataType):
    pass


def _simple(name: str, sql: str, base=DataType):
    return _DataTypeClass(name, (base,), {"_sql": sql, "__module__": __name__})


Int8 = _simple("Int8", "TINYINT", _Integer)
Int16 = _simple("Int16", "SMALLINT", _Integer)
Int32 = _simple("Int32", "INTEGER", _Integer)
Int64 = _simple("Int64", "BIGINT", _Integer)
Int128 = _simple("Int128", "HUGEINT", _Integer)
UInt8 = _simple("UInt8", "UTINYINT", _Integer)
UInt16 = _simple("UInt16", "USMALLINT", _Integer)
UInt32 = _simple("UInt32", "UINTEGER", _Integer)
UInt64 = _simple("UInt64", "UBIGINT", _Integer)
Float32 = _simple("Float32", "FLOAT", _Float)
Float64 = _simple("Float64", "DOUBLE", _Float)
String = _simple("String", "VARCHAR")
Utf8 = String
Boolean = _simple("Boolean", "BOOLEAN")
Binary = _simple("Binary", "BLOB")
Date = _simple("Date", "DATE")
Time = _simple("Time", "TIME")
Null = _simple("Null", "INTEGER")
Categorical = String
Object = _simple("Object", "VARCHAR")


class Decimal(DataType):
    _sql = "DECIMAL(38,0)"

    def __init__(self, precision: int | None = None, scale: int = 0):
        self.precision = 38 if precision is None else precision
        self.scale = scale
        self._sql = f"DECIMAL({self.precision},{self.scale})"

    def __repr__(self) -> str:
        return f"Decimal(precision={self.precision}, scale={self.scale})"


class Datetime(DataType):
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
    _sql = "INTERVAL"

    def __init__(self, time_unit: str = "us"):
        self.time_unit = time_unit

    def __repr__(self) -> str:
        return f"Duration(time_unit={self.time_unit!r})"


class List(DataType):
    _sql = "VARCHAR[]"

    def __init__(self, inner=None):
        self.inner = inner if inner is not None else Null
        self._sql = f"{self.inner._sql}[]"

    def __repr__(self) -> str:
        return f"List({self.inner!r})"


class Array(List):
    def __repr__(self) -> str:
        return f"Array({self.inner!r})"


class Field:
    def __init__(self, name: str, dtype):
        self.name, self.dtype = name, dtype

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.dtype!r})"


class Struct(DataType):
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
    """Column name -> dtype, in column order (Polars' Schema)."""

    def names(self) -> list[str]:
        return list(self.keys())

    def dtypes(self) -> list:
        return list(self.values())

    def len(self) -> int:
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
