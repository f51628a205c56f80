"""The master key and the audit log, for scripts (the CLI offers the same)."""

from __future__ import annotations

from . import _core
from .secret_str import SecretStr

__all__ = ["key_info", "key_status", "rotate_key", "init_key", "audit_log", "config_dir"]


def config_dir() -> str:
    """The Flowfile home in use."""
    return _core.config_dir()


def key_info() -> dict:
    """Where the master key comes from and its fingerprint (never the key)."""
    return _core.key_info()


def key_status() -> dict:
    """The keys the stored values use (with counts and whether this process has each),
    the store's current key and any rotation in progress."""
    return _core.key_status()


def rotate_key(*, skip_unreadable: bool = False) -> dict:
    """New master key; every stored value re-sealed under it while other processes keep
    working; the old key retired only when no value uses it.

    A value that does not open stops the rotation before anything changes, unless
    ``skip_unreadable=True`` (such values are then left as they are and listed in
    ``"skipped"``). With ``FLOWFILE_MASTER_KEY`` as the key source, the new key is returned
    as ``"new_key"`` (a ``SecretStr``) for the operator to install.
    """
    result = _core.key_rotate(skip_unreadable)
    if "new_key" in result:
        result["new_key"] = SecretStr(result["new_key"])
    return result


def init_key(*, force: bool = False) -> dict:
    """A new master key for this home. Refused when stored values need a key this process
    lacks, unless ``force=True`` (those values stay, unreadable, and are listed)."""
    return _core.key_init(force)


def audit_log(limit: int = 100, name: str = "") -> list[dict]:
    """Audit events, newest first: time, actor, action, object, outcome (never values)."""
    return _core.audit_events(limit, name)
