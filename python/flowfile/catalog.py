"""The catalog: Delta Lake tables by name (``catalog.schema.table``), versioned and lineage-aware.

``frame.write_catalog_table(name, write_mode=...)`` commits one version;
``ff.read_catalog_table(name, delta_version=...)`` reads one (pinned when the frame is built).
"""

from __future__ import annotations

import datetime as _dt

from . import _core
from ._kwargs import check, delta_version_of
from .frame import FlowFrame, _d

_c = _core.catalog


def _timestamp_ms(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return int(value.timestamp() * 1000)


def _full_name(table_name: str, schema=None, namespace_full_name: str | None = None) -> str:
    if namespace_full_name:
        return f"{namespace_full_name}.{table_name}"
    if schema is not None:
        return f"{schema.catalog}.{schema.name}.{table_name}"
    return table_name


def read_catalog_table(table_name: str, *, schema=None, delta_version: int | None = None,
                       timestamp=None, scd2_view=None, scd2_as_of=None,
                       description: str | None = None, version: int | None = None,
                       **options) -> FlowFrame:
    """A lazy frame over a catalog table (``"catalog.schema.table"``, ``"schema.table"`` in the
    General catalog, or a bare name with ``schema=``), pinned to one version when built.

    version / delta_version: the same argument under the CLI's and Flowfile's names (ValueError
    when both are given and differ); default: the latest version. timestamp: a datetime, an
    ISO-8601 string or epoch milliseconds (naive means UTC); the table as of then. schema: a
    ``SchemaReference``. scd2_view (for tables written with ``write_mode="scd2"``): "all"
    (default), "active" (the current rows) or "active_at" (the rows valid at ``scd2_as_of``,
    an ISO-8601 time); ValueError for another value. Accepted for compatibility:
    namespace_id=None, flow_graph=None. Raises NotFoundError when the table does not exist.
    """
    check(read_catalog_table, options, namespace_id=None, flow_graph=None)
    delta_version = delta_version_of(version, delta_version)
    if scd2_view not in (None, "all", "active", "active_at"):
        raise ValueError(f"scd2_view must be 'all', 'active' or 'active_at', not {scd2_view!r}")
    frame = FlowFrame(_c.read_table(_full_name(table_name, schema), delta_version,
                                    _timestamp_ms(timestamp), _d(description)))
    if scd2_view in ("active", "active_at"):
        from .expr import col
        if scd2_view == "active":
            frame = frame.filter(col("is_current"))
        else:
            at = _dt.datetime.fromisoformat(str(scd2_as_of).replace("Z", "+00:00")).replace(tzinfo=None)
            frame = frame.filter((col("valid_from") <= at) &
                                 (col("valid_to").is_null() | (col("valid_to") > at)))
    return frame


def write_catalog_table(df, table_name: str, *, schema=None, namespace_full_name: str | None = None, write_mode: str = "overwrite",
                        merge_keys=None, partition_by=None, schema_mode: str = "strict",
                        scd2_compare_columns=None, scd2_full_snapshot: bool = False,
                        scd2_surrogate_key_column: str = "sk",
                        scd2_valid_from_column: str = "valid_from",
                        scd2_valid_to_column: str = "valid_to",
                        scd2_is_current_column: str = "is_current",
                        scd2_partition_on_current: bool = True,
                        description: str | None = None, **options) -> FlowFrame:
    """Commits the rows of a frame (lazy or collected) as one new version of a catalog table,
    creating the table when needed; returns the frame with its output node.

    table_name: as for ``read_catalog_table``; or a bare name with ``schema=`` (a SchemaReference)
    or ``namespace_full_name="catalog.schema"``. write_mode: "overwrite" (default), "error" (fail
    when the table exists), "append", "upsert", "update" and "delete" (by ``merge_keys``), or
    "scd2" (slowly changing dimension type 2, by ``merge_keys``). merge_keys / partition_by: a
    column name or a list of them (TypeError for other items). schema_mode: "strict" (the columns
    must match) or "merge" (add new columns). The ``scd2_*`` arguments apply to
    ``write_mode="scd2"``: the columns compared to detect a change (default: all but the keys),
    whether the input is a full snapshot (current keys missing from it are closed), and the names
    of the surrogate key, validity and current-flag columns. ``ff.catalog.last_write()`` tells what
    the commit wrote. Accepted for compatibility: namespace_id=None.
    """
    check(write_catalog_table, options, namespace_id=None)
    frame = df.lazy() if hasattr(df, "lazy") else df
    scd2 = {"compare_columns": _names(scd2_compare_columns, "scd2_compare_columns"),
            "full_snapshot": scd2_full_snapshot,
            "surrogate_key_column": scd2_surrogate_key_column,
            "valid_from_column": scd2_valid_from_column, "valid_to_column": scd2_valid_to_column,
            "is_current_column": scd2_is_current_column,
            "partition_on_current": scd2_partition_on_current}
    out, result = _c.write_table(frame._f, _full_name(table_name, schema, namespace_full_name),
                                 write_mode, _names(merge_keys, "merge_keys"),
                                 _names(partition_by, "partition_by"),
                                 schema_mode, _d(description), scd2)
    written = FlowFrame(out)
    _last_write.clear()
    _last_write.update(result)
    return written


def _names(value, argument: str) -> list[str]:
    """Column names given as one name or a list of names (a string is one name, never its
    characters)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    names = list(value)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{argument} expects a column name or a list of column names, "
                            f"got {type(name).__name__} {name!r}")
    return names


_last_write: dict = {}


def last_write() -> dict:
    """What the most recent ``write_catalog_table`` of this process committed (version, rows,
    files).
    """
    return dict(_last_write)


def list_catalogs() -> list[str]:
    """The catalog names."""
    return [c["name"] for c in _c.list_catalogs()]


def create_catalog(name: str, storage_root: str | None = None, description: str = "", *,
                   connection_name: str | None = None) -> str:
    """Creates a catalog and returns its name.

    storage_root: where its tables' data goes: a folder (default: under the Flowfile home), or
    a cloud URL (``s3://bucket/lake``) reached through the stored cloud connection
    ``connection_name`` (default: chosen by scopes). Raises AlreadyExistsError when the name is
    taken.
    """
    return _c.create_catalog(name, storage_root, description, connection_name or "")


def create_schema(name: str, description: str = "") -> None:
    """Creates a schema: ``'catalog.schema'``, or a bare name in the General catalog."""
    _c.create_schema(name, description)


def drop_table(name: str) -> None:
    """Unregisters a table; a local table's data and log are deleted (cloud objects stay)."""
    _c.drop_table(name)


def drop_schema(name: str, cascade: bool = False) -> None:
    """Drops a schema; ``cascade=True`` also drops its tables (otherwise it must be empty)."""
    _c.drop_schema(name, cascade)


def list_tables(schema: str | None = None) -> list[dict]:
    """The tables (dicts) of one schema (``"catalog.schema"``, or a schema of General), or of every
    catalog and schema when none is given, as ``flowfile catalog list`` does.
    """
    if schema is not None:
        return _c.list_tables(schema)
    return [table for catalog in list_catalogs() for name in _c.list_schemas(catalog)
            for table in _c.list_tables(f"{catalog}.{name}")]


def get_table(name: str) -> dict:
    """A table's record as a dict (the fields ``flowfile catalog show --json`` prints: full_name,
    catalog, schema, name, version, row_count, size_bytes, created_at / updated_at as ISO-8601,
    scd2 settings or None, columns); NotFoundError naming the closest tables when missing.
    """
    return _c.get_table(name)


def history(name: str) -> list[dict]:
    """The table's versions, newest first: version, timestamp (ISO-8601 UTC; also timestamp_ms),
    operation, parameters (a dict), run_id, rows, files — the fields ``flowfile catalog history
    --json`` prints.
    """
    entries = _c.history(name)
    for entry in entries:
        moment = _dt.datetime.fromtimestamp(entry["timestamp_ms"] / 1000, tz=_dt.timezone.utc)
        entry["timestamp"] = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return entries


def restore(name: str, version: int) -> dict:
    """Commits a new version whose contents are those of ``version``; returns what it wrote."""
    return _c.restore(name, version)


def vacuum(name: str, retention_hours: float = 168, dry_run: bool = True, *,
           force: bool = False) -> dict:
    """Deletes data files no version within ``retention_hours`` needs; with ``dry_run=True`` (the
    default) only lists them.

    A retention shorter than the table's ``delta.deletedFileRetentionDuration`` (one week by
    default) is refused unless ``force=True`` or a dry run: other readers and writers may still
    need those files.
    """
    return _c.vacuum(name, retention_hours, dry_run, force)


def optimize(name: str) -> dict:
    """Compacts each partition's files into one, as a new version with the same rows; returns
    version, committed, files_removed and files_added.
    """
    return _c.optimize(name)


def lineage(name: str) -> dict:
    """Where the table's rows came from and who read them: its writes (version, run_id,
    operation, read_versions: a dict of the upstream tables read and their versions, flow_path:
    the flow file whose run wrote it, "" for scripts and unsaved flows), its reads (table_version, run_id, timestamp; ``time``
    is the earlier name of timestamp) and the tables written from runs that read it, newest first.
    """
    return _c.lineage(name)


def default_schema() -> "SchemaReference":
    """The General catalog's ``default`` schema, as a SchemaReference."""
    return SchemaReference("General", "default")


class CatalogReference:
    """A catalog by name: ``ff.CatalogReference("analytics").schema("sales").list_tables()``.

    auto_create: create the catalog when it does not exist. Raises ValueError for a name
    containing ".". Immutable.
    """

    __slots__ = ("name", "description")

    def __init__(self, name: str, *, auto_create: bool = False, description: str = ""):
        if "." in name:
            raise ValueError(f"catalog names may not contain '.': {name!r}")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "description", description)
        if auto_create and name not in list_catalogs():
            create_catalog(name, description=description)

    def __setattr__(self, *_):
        raise AttributeError("CatalogReference is immutable")

    def schema(self, name: str, *, auto_create: bool = False) -> "SchemaReference":
        """One schema of the catalog; ``auto_create=True`` creates it when missing."""
        return SchemaReference(self.name, name, auto_create=auto_create)

    def list_schemas(self) -> list[str]:
        """The catalog's schema names."""
        return _c.list_schemas(self.name)

    def list_tables(self) -> list[dict]:
        """The tables of every schema of the catalog."""
        return [t for s in self.list_schemas() for t in _c.list_tables(f"{self.name}.{s}")]

    def __eq__(self, other):
        return isinstance(other, CatalogReference) and other.name == self.name

    def __hash__(self):
        return hash(("catalog", self.name))

    def __reduce__(self):
        return (CatalogReference, (self.name,))

    def __repr__(self):
        return f"CatalogReference({self.name!r})"


class SchemaReference:
    """A schema of a catalog, which reads and writes tables by bare name.

    auto_create: create the schema (with ``description``) when it does not exist. Raises
    ValueError for a name containing ".". Immutable.
    """

    __slots__ = ("catalog", "name")

    def __init__(self, catalog: str, name: str, *, auto_create: bool = False, description: str = ""):
        if "." in name:
            raise ValueError(f"schema names may not contain '.': {name!r}")
        object.__setattr__(self, "catalog", catalog)
        object.__setattr__(self, "name", name)
        if auto_create and name not in _c.list_schemas(catalog):
            create_schema(f"{catalog}.{name}", description)

    def __setattr__(self, *_):
        raise AttributeError("SchemaReference is immutable")

    @property
    def full_name(self) -> str:
        """``'catalog.schema'``."""
        return f"{self.catalog}.{self.name}"

    def list_tables(self) -> list[dict]:
        """The schema's tables."""
        return _c.list_tables(self.full_name)

    def read_table(self, table_name: str, **kwargs) -> FlowFrame:
        """``ff.read_catalog_table(table_name, schema=self, ...)``."""
        return read_catalog_table(table_name, schema=self, **kwargs)

    def write_table(self, df, table_name: str, **kwargs) -> FlowFrame:
        """``ff.write_catalog_table(df, table_name, schema=self, ...)``."""
        return write_catalog_table(df, table_name, schema=self, **kwargs)

    def __eq__(self, other):
        return isinstance(other, SchemaReference) and (other.catalog, other.name) == (self.catalog, self.name)

    def __hash__(self):
        return hash(("schema", self.catalog, self.name))

    def __reduce__(self):
        return (SchemaReference, (self.catalog, self.name))

    def __repr__(self):
        return f"SchemaReference({self.catalog!r}, {self.name!r})"
