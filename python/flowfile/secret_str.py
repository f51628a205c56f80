"""``SecretStr``: a string that does not show itself.

Compatible in use with pydantic's ``SecretStr`` (v1 and v2): ``get_secret_value()``
returns the value; ``str``/``repr`` show ``**********``. Wherever Flowfile takes a
secret it accepts this class, pydantic's, or a plain ``str``.
"""

from __future__ import annotations

_MASK = "**********"


class SecretStr:
    """A string that does not show itself: ``str`` and ``repr`` print ``**********``, pickling
    raises TypeError, and it is immutable. Compatible in use with pydantic's SecretStr; wherever
    Flowfile takes a secret it accepts this class, pydantic's, or a plain str.

    ``SecretStr(value)`` raises TypeError unless ``value`` is a str.
    """
    __slots__ = ("_secret_value",)

    def __init__(self, secret_value: str) -> None:
        if not isinstance(secret_value, str):
            raise TypeError(f"SecretStr expects a str, got {type(secret_value).__name__}")
        object.__setattr__(self, "_secret_value", secret_value)

    def get_secret_value(self) -> str:
        """The plain value."""
        return self._secret_value

    def __setattr__(self, name, value):  # immutable, like pydantic's
        raise AttributeError("SecretStr is immutable")

    def __repr__(self) -> str:
        return f"SecretStr('{_MASK}')"

    def __str__(self) -> str:
        return _MASK if self._secret_value else ""

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __len__(self) -> int:
        return len(self._secret_value)

    def __eq__(self, other) -> bool:
        return isinstance(other, SecretStr) and other._secret_value == self._secret_value

    def __hash__(self) -> int:
        return hash(self._secret_value)

    def __reduce__(self):  # pickling would write the value: refuse
        raise TypeError("SecretStr cannot be pickled")


def secret_value(value) -> str | None:
    """The plaintext of a SecretStr (ours or pydantic's v1/v2) or a str; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    getter = getattr(value, "get_secret_value", None)
    if callable(getter):
        plain = getter()
        if isinstance(plain, bytes):
            plain = plain.decode()
        if not isinstance(plain, str):
            raise TypeError("a secret must be a str or a SecretStr")
        return plain
    raise TypeError(
        f"a secret must be a str or a SecretStr (flowfile's or pydantic's), "
        f"got {type(value).__name__}"
    )
