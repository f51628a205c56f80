"""Flowfile: named connections and secrets in an encrypted store, lazy frames on DuckDB,
and a Delta Lake catalog. ``import flowfile as ff``."""

from . import _core  # noqa: F401  (loads the C++ core first)
from . import secrets  # noqa: F401  (ff.secrets.set / get / list / delete)
from .admin import audit_log, config_dir, key_info, rotate_key
from .connections import (
    CloudStorageConnectionInfo,
    DatabaseConnectionInfo,
    FullCloudStorageConnection,
    create_cloud_storage_connection,
    create_cloud_storage_connection_if_not_exists,
    create_database_connection,
    create_database_connection_if_not_exists,
    del_cloud_storage_connection,
    del_database_connection,
    get_all_available_cloud_storage_connections,
    get_all_available_database_connections,
    get_cloud_storage_connection,
    get_cloud_storage_connection_by_name,
    get_database_connection,
    get_database_connection_by_name,
    update_cloud_storage_connection,
    update_database_connection,
)
from .errors import *  # noqa: F401,F403
from . import selectors  # noqa: F401
from .dataframe import DataFrame, Series
from .dtypes import *  # noqa: F401,F403
from .expr import (Expr, all, col, concat_str, count, first, last, len, lit, max, mean, median,
                   min, n_unique, quantile, std, sum, var, when)
from .frame import FlowFrame, GroupBy
from .graph import FlowGraph, FlowNode, open_graph_in_editor
from .io import (concat, config, from_dict, from_records, open_flow, read_csv, read_flow,
                 read_json, read_ndjson, read_parquet, scan_csv, scan_ndjson, scan_parquet)
from .secret_str import SecretStr

__version__ = "0.1.0"
