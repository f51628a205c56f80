"""The master key and the audit log, for scripts (the CLI offers the same)."""

from __future__ import annotations

from . import _core
from .secret_str import SecretStr

__all__ = ["key_info", "key_status", "rotate_key", "init_key", "audit_log", "config_dir"]


def config_dir() -> str:
    """The Flowfile home in use ($FLOWFILE_HOME, else $XDG_CONFIG_HOME/flowfile, else
    ~/.config/flowfile).
    """
    return _core.config_dir()


def key_info() -> dict:
    """Where the master key comes from and its fingerprint, as a dict (never the key)."""
    return _core.key_info()


def key_status() -> dict:
    """The keys the stored values use (with counts and whether this process has each), the
    store's current key and any rotation in progress, as a dict.
    """
    return _core.key_status()


def rotate_key(*, skip_unreadable: bool = False) -> dict:
    """Makes a new master key and re-seals every stored value under it while other processes keep
    working; the old key is retired only when no value uses it.

    A value that does not open stops the rotation before anything changes, unless
    ``skip_unreadable=True`` (such values are then left as they are and listed in
    ``"skipped"``). With ``FLOWFILE_MASTER_KEY`` as the key source, the new key is returned as
    ``"new_key"`` (a SecretStr) for the operator to install.
    """
    result = _core.key_rotate(skip_unreadable)
    if "new_key" in result:
        result["new_key"] = SecretStr(result["new_key"])
    return result


def init_key(*, force: bool = False) -> dict:
    """Makes a new master key for this home. Refused (InvalidArgumentError) when stored values need
    a key this process lacks, unless ``force=True``: those values then stay, unreadable, and are
    listed.
    """
    return _core.key_init(force)


def audit_log(limit: int = 100, name: str = "") -> list[dict]:
    """Audit events, newest first: id, timestamp (ISO-8601 UTC; ``time`` is its earlier name),
    actor, action, object_kind, object_name, outcome (never values) — as ``flowfile audit --json``.
    limit: at most this many events. name: only the events about this object.
    """
    return _core.audit_events(limit, name)
