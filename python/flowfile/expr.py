"""Expressions: ``ff.col``, ``ff.lit``, ``ff.when`` and the aggregate shortcuts.

``Expr`` is the core's expression type; its methods (``.alias``, ``.str.contains``,
``.dt.year``, ``.over``...) are the C++ builders, so Python and C++ build identical trees.
"""

from __future__ import annotations

import builtins as _builtins

from . import _core

Expr = _core.Expr


def col(name, *more_names):
    """A column by name; several names (``col("a", "b")`` or ``col(["a", "b"])``) select several
    columns, ``col("*")`` all of them, and dtypes (``col(ff.Int64)``) the columns of those types.
    """
    if isinstance(name, (list, tuple)):
        names = list(name) + list(more_names)
    else:
        names = [name, *more_names]
    if _builtins.len(names) == 1 and isinstance(names[0], str):
        if names[0] == "*":
            return _core.all()
        return _core.col(names[0])
    if _builtins.all(isinstance(n, str) for n in names):
        return _core.selectors.by_name(names)
    return _core.selectors.by_dtype(names)


def lit(value, dtype=None):
    """A literal value (None, bool, int, float, str, date, datetime...), cast to ``dtype`` when
    given.
    """
    e = _core.lit(value)
    return e.cast(dtype) if dtype is not None else e


def when(*conditions, **constraints):
    """The start of ``when(cond).then(value).when(...).then(...).otherwise(default)``.

    Several conditions (and ``name=value`` keywords, equality tests) are combined with ``&``.
    Rows that match no branch get ``otherwise``'s value, or null.
    """
    cond = None
    for c in list(conditions) + [col(k) == v for k, v in constraints.items()]:
        cond = c if cond is None else (cond & c)
    return _core.when(cond)


def len():  # noqa: A001  (Polars' name)
    """The number of rows (per group in ``agg``)."""
    return _core.len()


def all():  # noqa: A001
    """Every column (as ``col('*')``)."""
    return _core.all()


def _aggregate(method: str):
    def build(*names):
        exprs = [col(n) if isinstance(n, str) else n for n in names]
        if _builtins.len(exprs) == 1:
            return getattr(exprs[0], method)()
        return [getattr(e, method)() for e in exprs]

    build.__name__ = method
    build.__doc__ = f"``ff.{method}('x')`` is ``ff.col('x').{method}()``."
    return build


sum = _aggregate("sum")  # noqa: A001
mean = _aggregate("mean")
median = _aggregate("median")
min = _aggregate("min")  # noqa: A001
max = _aggregate("max")  # noqa: A001
count = _aggregate("count")
n_unique = _aggregate("n_unique")
first = _aggregate("first")
last = _aggregate("last")


def std(name, ddof: int = 1):
    """``ff.std('x')`` is ``ff.col('x').std(ddof)``: the standard deviation."""
    return col(name).std(ddof)


def var(name, ddof: int = 1):
    """``ff.var('x')`` is ``ff.col('x').var(ddof)``: the variance."""
    return col(name).var(ddof)


def quantile(name, quantile: float, interpolation: str = "nearest"):
    """``ff.quantile('x', q)`` is ``ff.col('x').quantile(q, interpolation)``."""
    return col(name).quantile(quantile, interpolation)


def formula(text: str):
    """A Flowfile formula such as ``"[price] * (1 - [discount])"`` as an expression (see
    docs/formulas.md).

    Syntax errors raise InvalidArgumentError at once, naming the line and column.
    """
    return _core.formula(text)


def concat_str(exprs, *more_exprs, separator: str = ""):
    """The string concatenation of the expressions (strings are column names), row by row, with
    ``separator`` between the parts.
    """
    items = list(exprs) if isinstance(exprs, (list, tuple)) else [exprs]
    return _core.concat_str(items + list(more_exprs), separator)
