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
from .secret_str import SecretStr

__version__ = "0.1.0"
