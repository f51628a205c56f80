"""Arbitrary named secrets: ``ff.secrets.set/get/list/delete``.

Values are encrypted in the same store as the connections. A connection field written
as ``"${secret:NAME}"`` uses the secret NAME at run time.
"""

from __future__ import annotations

from typing import Any

from . import _core
from .secret_str import SecretStr, secret_value

__all__ = ["set", "get", "list", "delete", "SecretInfo"]

_list = list


class SecretInfo:
    """A secret's name and its created_at / updated_at times (never its value)."""

    __slots__ = ("name", "created_at", "updated_at")

    def __init__(self, name: str, created_at: str, updated_at: str) -> None:
        self.name, self.created_at, self.updated_at = name, created_at, updated_at

    def __repr__(self) -> str:
        return (f"SecretInfo(name={self.name!r}, created_at={self.created_at!r}, "
                f"updated_at={self.updated_at!r})")

    def __eq__(self, other) -> bool:
        return isinstance(other, SecretInfo) and (self.name, self.created_at, self.updated_at) == (
            other.name, other.created_at, other.updated_at)


def set(name: str, value: Any) -> bool:  # noqa: A001 - the API's name
    """Creates or replaces the secret ``name``; returns True when it was new.

    value: a str or a SecretStr (flowfile's or pydantic's); None raises ValueError, other types
    TypeError. Raises InvalidArgumentError for a bad name.
    """
    plain = secret_value(value)
    if plain is None:
        raise ValueError(f"secret '{name}': a value is required")
    return _core.secret_set(name, plain)


def get(name: str) -> SecretStr:
    """The secret's value as a SecretStr; raises NotFoundError listing the known names."""
    return SecretStr(_core.secret_get(name))


def list() -> _list[SecretInfo]:  # noqa: A001
    """Every secret's name and created/updated times, as SecretInfo records (no values)."""
    return [SecretInfo(d["name"], d["created_at"], d["updated_at"]) for d in _core.secret_list()]


def delete(name: str) -> bool:
    """Deletes a secret; False when there was no such secret."""
    return _core.secret_delete(name)
