"""Named database and cloud-storage connections (Flowfile's API names).

Connections live in the encrypted store of the Flowfile home ($FLOWFILE_HOME, else
$XDG_CONFIG_HOME/flowfile, else ~/.config/flowfile), shared with the CLI and the UI.
Passwords and keys go in once and never come back out of these functions: the objects
returned show which secret fields are set, not their values.
"""

from __future__ import annotations

from typing import Any, Optional

from . import _core
from ._kwargs import check, unexpected
from .secret_str import SecretStr, secret_value

__all__ = [
    "DatabaseConnectionInfo",
    "CloudStorageConnectionInfo",
    "FullCloudStorageConnection",
    "create_database_connection",
    "create_database_connection_if_not_exists",
    "update_database_connection",
    "get_database_connection_by_name",
    "get_database_connection",
    "get_all_available_database_connections",
    "list_database_connections",
    "del_database_connection",
    "delete_database_connection",
    "create_cloud_storage_connection",
    "create_cloud_storage_connection_if_not_exists",
    "update_cloud_storage_connection",
    "get_cloud_storage_connection_by_name",
    "get_cloud_storage_connection",
    "get_all_available_cloud_storage_connections",
    "list_cloud_storage_connections",
    "del_cloud_storage_connection",
    "delete_cloud_storage_connection",
]


class _Info:
    """A read-only record of a stored connection (no secret values in it)."""

    _fields: tuple = ()

    def __init__(self, data: dict) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only; use the update function")

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._data == self._data

    def model_dump(self) -> dict:
        """The record's fields as a dict (secret fields appear only as ``has_password`` /
        ``secret_fields_set``).
        """
        return dict(self._data)

    dict = model_dump

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={self._data[k]!r}" for k in self._fields if k in self._data)
        return f"{type(self).__name__}({shown})"


class DatabaseConnectionInfo(_Info):
    """A stored database connection as returned by the connection functions: connection_name,
    database_type, host, port, database, username, ssl_enabled, url, has_password and
    password_ref (the ``${secret:NAME}`` it uses, if any), read as attributes. Read-only.
    """
    _fields = ("connection_name", "database_type", "host", "port", "database", "username",
               "ssl_enabled", "url", "has_password", "password_ref")

    @property
    def password(self) -> Optional[SecretStr]:
        """Masked: a stored password is never returned (use the connection by name)."""
        return SecretStr("**********") if self._data.get("has_password") else None


class CloudStorageConnectionInfo(_Info):
    """A stored cloud-storage connection: the fields of ``FullCloudStorageConnection`` that are not
    secret, read as attributes, and ``secret_fields_set`` naming the secret fields that have a
    value. Read-only.
    """
    _fields = ("connection_name", "storage_type", "auth_method", "endpoint_url", "verify_ssl",
               "scopes", "aws_region", "aws_access_key_id", "aws_role_arn",
               "aws_allow_unsafe_html", "azure_account_name", "azure_tenant_id",
               "azure_client_id", "gcs_project_id", "secret_fields_set")


# ------------------------------------------------------------------ database
def create_database_connection(
    connection_name: str,
    *,
    database_type: str = "postgresql",
    host: Optional[str] = None,
    port: Optional[int] = None,
    database: Optional[str] = None,
    username: Optional[str] = None,
    password: Any = None,
    ssl_enabled: bool = False,
    url: Optional[str] = None,
) -> DatabaseConnectionInfo:
    """Registers a database connection under ``connection_name`` and returns its record.

    database_type: "postgresql" (default; also "postgres"), "mysql", "mariadb", "sqlite",
    "duckdb" or "mssql". Give host, port, database and username, or ``url``; for sqlite and
    duckdb, ``database`` is the file.
    password: a ``str``, flowfile's or pydantic's ``SecretStr``, or ``"${secret:NAME}"`` to use a
    stored secret at run time. Raises AlreadyExistsError when the name is taken,
    InvalidArgumentError for a bad name or missing fields.
    """
    fields = dict(connection_name=connection_name, database_type=database_type, host=host,
                  port=port, database=database, username=username, ssl_enabled=ssl_enabled,
                  url=url)
    return DatabaseConnectionInfo(
        _core.create_database_connection(fields, secret_value(password), False))


_DATABASE_FIELDS = ("database_type", "host", "port", "database", "username", "ssl_enabled", "url")


def create_database_connection_if_not_exists(connection_name: str, **kwargs) -> DatabaseConnectionInfo:
    """Like ``create_database_connection``, but returns the existing connection when the name is
    taken. Unknown keywords raise TypeError.
    """
    for key in kwargs:
        if key not in _DATABASE_FIELDS and key != "password":
            raise unexpected("create_database_connection_if_not_exists()", key,
                             [*_DATABASE_FIELDS, "password"])
    password = secret_value(kwargs.pop("password", None))
    fields = dict(connection_name=connection_name, **kwargs)
    return DatabaseConnectionInfo(_core.create_database_connection(fields, password, True))


_UNSET = object()


def update_database_connection(connection_name: str, *, password: Any = _UNSET,
                               **fields) -> DatabaseConnectionInfo:
    """Changes fields of a stored database connection; fields not given keep their value.
    ``password=""`` removes the password. Unknown keywords raise TypeError; an unknown
    connection NotFoundError.
    """
    for key in fields:
        if key not in _DATABASE_FIELDS:
            raise unexpected("update_database_connection()", key, [*_DATABASE_FIELDS, "password"])
    set_password = password is not _UNSET
    return DatabaseConnectionInfo(_core.update_database_connection(
        connection_name, fields, secret_value(password) if set_password else None, set_password))


def get_database_connection_by_name(connection_name: str) -> Optional[DatabaseConnectionInfo]:
    """The connection's record, or None when no connection has that name."""
    found = _core.find_database_connection(connection_name)
    return DatabaseConnectionInfo(found) if found is not None else None


def get_database_connection(connection_name: str) -> DatabaseConnectionInfo:
    """The connection's record; raises NotFoundError listing the known names when missing."""
    return DatabaseConnectionInfo(_core.get_database_connection(connection_name))


def list_database_connections() -> list[DatabaseConnectionInfo]:
    """Every stored database connection's record, as ``flowfile connections list --kind
    database``. ``get_all_available_database_connections`` (Flowfile's name) is an alias.
    """
    return [DatabaseConnectionInfo(d) for d in _core.list_database_connections()]


get_all_available_database_connections = list_database_connections


def delete_database_connection(connection_name: str) -> bool:
    """Deletes a database connection, as ``flowfile connections delete``; False when there was no
    such connection. ``del_database_connection`` (Flowfile's name) is an alias.
    """
    return _core.delete_database_connection(connection_name)


del_database_connection = delete_database_connection


# ------------------------------------------------------------------ cloud storage
_CLOUD_PLAIN_FIELDS = (
    "connection_name", "storage_type", "auth_method", "endpoint_url", "verify_ssl", "scopes",
    "aws_region", "aws_access_key_id", "aws_role_arn", "aws_allow_unsafe_html",
    "azure_account_name", "azure_tenant_id", "azure_client_id", "gcs_project_id",
)
_CLOUD_SECRET_FIELDS = tuple(_core.cloud_secret_field_names())


class FullCloudStorageConnection:
    """A cloud-storage connection to register or update (Flowfile's model and field names).

    storage_type: "s3", "adls" (or "azure") or "gcs". auth_method: "access_key",
    "iam_role", "service_principal", "managed_identity", "sas_token", "aws-cli", "env_vars",
    "service_account" or "anonymous". scopes: URL prefixes (``s3://bucket/path``) this connection
    serves when a URL is given without a connection name. Secret fields (aws_secret_access_key,
    aws_session_token, azure_account_key, azure_client_secret, azure_sas_token,
    gcs_service_account_key) accept a str or SecretStr (flowfile's or pydantic's) or
    ``"${secret:NAME}"`` and are kept as SecretStr; ``repr`` masks them.
    """

    def __init__(self, *, connection_name: str = "None", storage_type: str = "s3",
                 auth_method: str = "access_key", endpoint_url: Optional[str] = None,
                 verify_ssl: bool = True, scopes: Optional[list[str]] = None,
                 aws_region: Optional[str] = None, aws_access_key_id: Optional[str] = None,
                 aws_secret_access_key: Any = None, aws_session_token: Any = None,
                 aws_role_arn: Optional[str] = None, aws_allow_unsafe_html: bool = False,
                 azure_account_name: Optional[str] = None, azure_account_key: Any = None,
                 azure_tenant_id: Optional[str] = None, azure_client_id: Optional[str] = None,
                 azure_client_secret: Any = None, azure_sas_token: Any = None,
                 gcs_service_account_key: Any = None, gcs_project_id: Optional[str] = None):
        values = dict(locals())
        values.pop("self")
        for name in _CLOUD_SECRET_FIELDS:
            plain = secret_value(values[name])
            values[name] = SecretStr(plain) if plain is not None else None
        self.__dict__.update(values)

    def _split(self) -> tuple[dict, dict]:
        plain = {k: getattr(self, k) for k in _CLOUD_PLAIN_FIELDS}
        secrets = {k: getattr(self, k).get_secret_value() for k in _CLOUD_SECRET_FIELDS
                   if getattr(self, k) is not None}
        return plain, secrets

    def __repr__(self) -> str:
        parts = []
        for k, v in self.__dict__.items():
            if v is None or v is False and k != "verify_ssl":
                continue
            parts.append(f"{k}={v!r}")
        return f"FullCloudStorageConnection({', '.join(parts)})"


def _cloud_connection(connection) -> FullCloudStorageConnection:
    if isinstance(connection, FullCloudStorageConnection):
        return connection
    if isinstance(connection, dict):
        check(FullCloudStorageConnection.__init__, connection)
        return FullCloudStorageConnection(**connection)
    dump = getattr(connection, "model_dump", None) or getattr(connection, "dict", None)
    if callable(dump):  # a pydantic model with Flowfile's fields
        return FullCloudStorageConnection(**dump())
    raise TypeError("expected a FullCloudStorageConnection (or a dict of its fields)")


def create_cloud_storage_connection(connection) -> CloudStorageConnectionInfo:
    """Registers a cloud-storage connection (a FullCloudStorageConnection, a dict of its fields or a
    pydantic model with them) and returns its record.

    Raises AlreadyExistsError when the name is taken, InvalidArgumentError naming every field
    the auth method still needs, TypeError for another kind of argument or an unknown field.
    """
    plain, secrets = _cloud_connection(connection)._split()
    return CloudStorageConnectionInfo(_core.create_cloud_connection(plain, secrets, False))


def create_cloud_storage_connection_if_not_exists(connection) -> CloudStorageConnectionInfo:
    """Like ``create_cloud_storage_connection``, but returns the existing connection when the name
    is taken.
    """
    plain, secrets = _cloud_connection(connection)._split()
    return CloudStorageConnectionInfo(_core.create_cloud_connection(plain, secrets, True))


def update_cloud_storage_connection(connection) -> CloudStorageConnectionInfo:
    """Replaces a stored cloud connection's fields with those given; secret fields left None keep
    their stored value. Raises NotFoundError for an unknown connection.
    """
    plain, secrets = _cloud_connection(connection)._split()
    return CloudStorageConnectionInfo(_core.update_cloud_connection(plain, secrets))


def get_cloud_storage_connection_by_name(connection_name: str) -> Optional[CloudStorageConnectionInfo]:
    """The connection's record, or None when no connection has that name."""
    found = _core.find_cloud_connection(connection_name)
    return CloudStorageConnectionInfo(found) if found is not None else None


def get_cloud_storage_connection(connection_name: str) -> CloudStorageConnectionInfo:
    """The connection's record; raises NotFoundError listing the known names when missing."""
    return CloudStorageConnectionInfo(_core.get_cloud_connection(connection_name))


def list_cloud_storage_connections() -> list[CloudStorageConnectionInfo]:
    """Every stored cloud-storage connection's record, as ``flowfile connections list --kind
    cloud``. ``get_all_available_cloud_storage_connections`` (Flowfile's name) is an alias.
    """
    return [CloudStorageConnectionInfo(d) for d in _core.list_cloud_connections()]


get_all_available_cloud_storage_connections = list_cloud_storage_connections


def delete_cloud_storage_connection(connection_name: str) -> bool:
    """Deletes a cloud-storage connection, as ``flowfile connections delete``; False when there
    was no such connection. ``del_cloud_storage_connection`` (Flowfile's name) is an alias.
    """
    return _core.delete_cloud_connection(connection_name)


del_cloud_storage_connection = delete_cloud_storage_connection
