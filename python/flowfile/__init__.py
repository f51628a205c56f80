"""Flowfile: named connections and secrets in an encrypted store, lazy frames on DuckDB,
and a Delta Lake catalog. ``import flowfile as ff``.

The frames API is imported at once; the store's API (connections, secrets, keys, audit) is
imported on first use (PEP 562), so a pipeline script starts as fast as the engine allows.
"""

from . import _core  # noqa: F401  (loads the C++ core first)

from . import _progress

# A bar on a terminal or in a notebook; never in pipes, logs or CI output; FLOWFILE_PROGRESS=0
# stops it.
_progress.install()

from . import selectors  # noqa: F401
from .dtypes import *  # noqa: F401,F403
from .expr import (Expr, all, col, concat_str, count, first, formula, last, len, lit, max, mean,
                   median, min, n_unique, quantile, std, sum, var, when)
from .frame import FlowFrame, GroupBy
from .graph import FlowGraph, FlowNode, open_graph_in_editor
from .io import (concat, config, from_dict, from_records, list_cloud_objects,
                 list_database_columns, read_from_cloud_storage, scan_csv_from_cloud_storage,
                 scan_json_from_cloud_storage, scan_parquet_from_cloud_storage,
                 which_connection, write_to_cloud_storage,
                 list_database_schemas, list_database_tables, open_flow, read_csv,
                 read_database, read_delta, read_flow, read_json, read_ndjson, read_parquet, scan_csv,
                 scan_delta, scan_ndjson, scan_parquet, write_database)

__version__ = "0.1.0"

_LAZY = {
    "secrets": (".secrets", None),
    "catalog": (".catalog", None),
    **{name: (".catalog", name) for name in (
        "read_catalog_table", "write_catalog_table", "list_catalogs", "default_schema",
        "CatalogReference", "SchemaReference")},
    "SecretStr": (".secret_str", "SecretStr"),
    "DataFrame": (".dataframe", "DataFrame"),
    **{name: (".flow", name) for name in ("Flow", "FlowRunError", "FlowRunResult", "node_types", "apply_node")},
    "Series": (".dataframe", "Series"),
    **{name: (".admin", name) for name in ("audit_log", "config_dir", "key_info", "key_status", "rotate_key", "init_key")},
    **{name: (".connections", name) for name in (
        "CloudStorageConnectionInfo", "DatabaseConnectionInfo", "FullCloudStorageConnection",
        "create_cloud_storage_connection", "create_cloud_storage_connection_if_not_exists",
        "create_database_connection", "create_database_connection_if_not_exists",
        "del_cloud_storage_connection", "del_database_connection",
        "get_all_available_cloud_storage_connections", "get_all_available_database_connections",
        "get_cloud_storage_connection", "get_cloud_storage_connection_by_name",
        "get_database_connection", "get_database_connection_by_name",
        "update_cloud_storage_connection", "update_database_connection",
        "list_database_connections", "list_cloud_storage_connections",
        "delete_database_connection", "delete_cloud_storage_connection")},
}


def _public_names() -> list:
    from .errors import __all__ as errors

    eager = [name for name, value in globals().items() if not name.startswith("_")
             and (name == "selectors" or type(value).__name__ != "module")]
    return sorted(set(eager) | set(_LAZY) | set(errors))


# Every public name (the lazy ones too): scripts/python_api_reference.py documents these.
__all__ = _public_names()


def __getattr__(name):
    import importlib

    if name in _LAZY:
        module_name, attribute = _LAZY[name]
        module = importlib.import_module(module_name, __name__)
        value = module if attribute is None else getattr(module, attribute)
        globals()[name] = value
        return value
    errors = importlib.import_module(".errors", __name__)
    if hasattr(errors, name):
        return getattr(errors, name)
    raise AttributeError(f"module 'flowfile' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
