"""Column selectors (``ff.selectors.numeric()``, ``string()``, ``starts_with("x")`` ...).

Each returns an expression that expands to the matching columns when the frame runs.
"""

from . import _core

_s = _core.selectors


def numeric():
    """The columns of a numeric type (integers, floats, decimals)."""
    return _s.numeric()


def string():
    """The String columns."""
    return _s.string()


def temporal():
    """The Date, Datetime, Time and Duration columns."""
    return _s.temporal()


def boolean():
    """The Boolean columns."""
    return _s.boolean()


def by_dtype(*dtypes):
    """The columns of the given types (several, or lists of them)."""
    flat = []
    for d in dtypes:
        flat.extend(d if isinstance(d, (list, tuple, set)) else [d])
    return _s.by_dtype(flat)


def by_name(*names):
    """The named columns (several names, or lists of them), in the order given."""
    flat = []
    for n in names:
        flat.extend(n if isinstance(n, (list, tuple)) else [n])
    return _s.by_name(flat)


def starts_with(*prefixes):
    """The columns whose name starts with any of the prefixes."""
    return _s.starts_with(prefixes[0]) if len(prefixes) == 1 else _s.matches(
        "^(" + "|".join(_escape(p) for p in prefixes) + ")")


def ends_with(*suffixes):
    """The columns whose name ends with any of the suffixes."""
    return _s.ends_with(suffixes[0]) if len(suffixes) == 1 else _s.matches(
        "(" + "|".join(_escape(s) for s in suffixes) + ")$")


def contains(*substrings):
    """The columns whose name contains any of the substrings."""
    return _s.contains(substrings[0]) if len(substrings) == 1 else _s.matches(
        "(" + "|".join(_escape(s) for s in substrings) + ")")


def matches(pattern: str):
    """The columns whose name matches the regular expression ``pattern``."""
    return _s.matches(pattern)


def all():  # noqa: A001  (Polars' name)
    """Every column."""
    return _core.all()


def _escape(text: str) -> str:
    import re
    return re.escape(text)
