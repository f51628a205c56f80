"""Flowfile's exceptions. Each is also a builtin exception, so ``except ValueError``
keeps working for code written against Polars or the original Flowfile."""

import builtins


class FlowfileError(Exception):
    """Base of every error raised by Flowfile."""


class InvalidArgumentError(FlowfileError, ValueError):
    """Bad input: a malformed name, a missing field, a wrong type."""


class NotFoundError(FlowfileError, LookupError):
    """A named connection, secret, column or table does not exist."""


class FileNotFoundError(NotFoundError, builtins.FileNotFoundError):  # noqa: A001
    """A file to read does not exist (also the builtin FileNotFoundError)."""


class AlreadyExistsError(FlowfileError, ValueError):
    """Creating a name that is already taken."""


class PermissionDeniedError(FlowfileError, PermissionError):
    """File permissions or refused credentials."""


class FlowfileIOError(FlowfileError, OSError):
    """File system or network failure."""


class CryptoError(FlowfileError, ValueError):
    """A token that does not verify, or a key of the wrong shape."""


class StoreError(FlowfileError, RuntimeError):
    """The local store failed."""


class EngineError(FlowfileError, RuntimeError):
    """The execution engine reported an error while running a plan."""


class ConflictError(FlowfileError, RuntimeError):
    """A concurrent writer won."""


class UnsupportedError(FlowfileError, NotImplementedError):
    """Valid, but not implemented here."""


class InternalError(FlowfileError, RuntimeError):
    """A bug in Flowfile."""


__all__ = [name for name in dir() if name.endswith("Error") and name != "builtins"]
