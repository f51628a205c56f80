"""Column selectors (``ff.selectors.numeric()``, ``string()``, ``starts_with("x")`` ...).

Each returns an expression that expands to the matching columns when the frame runs.
"""

from . import _core

_s = _core.selectors


def numeric():
    return _s.numeric()


def string():
    return _s.string()


def temporal():
    return _s.temporal()


def boolean():
    return _s.boolean()


def by_dtype(*dtypes):
    flat = []
    for d in dtypes:
        flat.extend(d if isinstance(d, (list, tuple, set)) else [d])
    return _s.by_dtype(flat)


def by_name(*names):
    flat = []
    for n in names:
        flat.extend(n if isinstance(n, (list, tuple)) else [n])
    return _s.by_name(flat)


def starts_with(*prefixes):
    return _s.starts_with(prefixes[0]) if len(prefixes) == 1 else _s.matches(
        "^(" + "|".join(_escape(p) for p in prefixes) + ")")


def ends_with(*suffixes):
    return _s.ends_with(suffixes[0]) if len(suffixes) == 1 else _s.matches(
        "(" + "|".join(_escape(s) for s in suffixes) + ")$")


def contains(*substrings):
    return _s.contains(substrings[0]) if len(substrings) == 1 else _s.matches(
        "(" + "|".join(_escape(s) for s in substrings) + ")")


def matches(pattern: str):
    return _s.matches(pattern)


def all():  # noqa: A001  (Polars' name)
    return _core.all()


def _escape(text: str) -> str:
    import re
    return re.escape(text)
