"""The master key and the audit log, for scripts (the CLI offers the same)."""

from __future__ import annotations

from . import _core

__all__ = ["key_info", "rotate_key", "audit_log", "config_dir"]


def config_dir() -> str:
    """The Flowfile home in use."""
    return _core.config_dir()


def key_info() -> dict:
    """Where the master key comes from and its fingerprint (never the key)."""
    return _core.key_info()


def rotate_key() -> dict:
    """New master key; every stored value re-encrypted in one transaction."""
    return _core.key_rotate()


def audit_log(limit: int = 100, name: str = "") -> list[dict]:
    """Audit events, newest first: time, actor, action, object, outcome (never values)."""
    return _core.audit_events(limit, name)
