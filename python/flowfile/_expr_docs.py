"""Docstrings of the core's expression classes (``Expr``, ``Expr.str``, ``Expr.dt``, ``When``,
``Then``), whose methods are C++ builders and cannot carry a Python docstring.

scripts/python_api_reference.py puts these in docs/python-api.md, and
tests/python/test_python_api_reference.py checks that every public method of those classes
has one here.
"""

DOCS = {
    "Expr": """
        An expression: what to compute for each row (or each group), built from ``ff.col``,
        ``ff.lit``, ``ff.when`` and the methods below. Expressions are evaluated only inside a
        frame (``select``, ``with_columns``, ``filter``, ``agg``...).

        Operators: ``+ - * / // % **``, comparisons ``== != < <= > >=`` and ``& | ^ ~``
        (not ``and``/``or``: the truth value of an expression raises TypeError). A plain
        Python value on either side becomes a literal. Bad arguments (an unknown ``closed``,
        ``method``, duration...) raise InvalidArgumentError when the frame using the
        expression is built or run.
    """,
    "Expr.alias": "The same expression under the output name ``name``.",
    "Expr.cast": """
        The value converted to ``dtype`` (``ff.Int64``, ``ff.Datetime("ms")``, or a DuckDB
        type name). strict: False gives null for a value that does not convert instead of
        failing; TypeError for something that is not a data type.
    """,
    "Expr.is_null": "True where the value is null.",
    "Expr.is_not_null": "True where the value is not null.",
    "Expr.is_nan": "True where a floating-point value is NaN.",
    "Expr.fill_null": "The value, or ``value`` (a literal or an expression) where it is null.",
    "Expr.fill_nan": "The value, or the given value (a literal or an expression) where it is NaN.",
    "Expr.is_in": "True where the value equals one of ``other`` (an iterable of values).",
    "Expr.is_between": """
        True where ``lower_bound <= value <= upper_bound``. closed: "both" (default),
        "left", "right" or "none" says which bounds are included.
    """,
    "Expr.round": "The value rounded to ``decimals`` decimal places.",
    "Expr.abs": "The absolute value.",
    "Expr.sqrt": "The square root.",
    "Expr.log": "The logarithm to ``base`` (default: e).",
    "Expr.log10": "The base-10 logarithm.",
    "Expr.exp": "e to the power of the value.",
    "Expr.pow": "The value to the given power (a number or an expression).",
    "Expr.sum": "The sum (per group in ``agg``; over the whole column in ``select``).",
    "Expr.mean": "The mean of the non-null values.",
    "Expr.median": "The median of the non-null values.",
    "Expr.min": "The smallest value.",
    "Expr.max": "The largest value.",
    "Expr.count": "The number of non-null values.",
    "Expr.len": "The number of values, nulls included.",
    "Expr.n_unique": "The number of distinct values (null counts as one, as in Polars).",
    "Expr.first": "The first value (in row order).",
    "Expr.last": "The last value (in row order).",
    "Expr.std": "The standard deviation, with ``ddof`` delta degrees of freedom (default 1: sample).",
    "Expr.var": "The variance, with ``ddof`` delta degrees of freedom (default 1: sample).",
    "Expr.quantile": """
        The ``quantile`` (0 to 1) of the values. interpolation: "nearest" (default),
        "lower", "higher", "midpoint" or "linear".
    """,
    "Expr.rank": """
        The rank of each value. method: "average" (default), "min", "max", "dense" or
        "ordinal"; descending: rank the largest value first.
    """,
    "Expr.cum_sum": "The running sum, in row order.",
    "Expr.shift": "The value ``n`` rows earlier (a negative ``n``: later); null where there is none.",
    "Expr.diff": "The value minus the value ``n`` rows earlier.",
    "Expr.over": """
        A window: the expression evaluated within the groups of the ``partition_by``
        columns or expressions (several, or lists), one value per row:
        ``ff.col("x").sum().over("group")``.
    """,
    "Expr.not_": "The logical negation (as ``~expr``).",
    "Expr.str": "The string methods (below): ``ff.col(\"name\").str.to_uppercase()``.",
    "Expr.dt": "The date and time methods (below): ``ff.col(\"when\").dt.year()``.",
    "Expr.output_name": "The name the expression's column will have.",
    "Expr.str.contains": """
        True where the text matches the regular expression ``pattern`` (RE2 syntax), or
        contains it as plain text with ``literal=True``.
    """,
    "Expr.str.starts_with": "True where the text starts with ``prefix``.",
    "Expr.str.ends_with": "True where the text ends with ``suffix``.",
    "Expr.str.to_uppercase": "The text in upper case.",
    "Expr.str.to_lowercase": "The text in lower case.",
    "Expr.str.len_chars": "The number of characters.",
    "Expr.str.replace": """
        The text with the first match of the regular expression ``pattern`` replaced by
        ``value`` (``$1`` refers to a group); ``literal=True`` matches plain text.
    """,
    "Expr.str.replace_all": "As ``replace``, for every match.",
    "Expr.str.slice": """
        ``length`` characters (None: to the end) starting at ``offset`` (0-based; a negative
        offset counts from the end).
    """,
    "Expr.str.strip_chars": "The text without leading and trailing whitespace, or the ``characters`` given.",
    "Expr.str.split": "The text split at ``by``, as a list.",
    "Expr.str.concat": "All values of the column (per group in ``agg``) joined into one string with ``delimiter``.",
    "Expr.str.strptime": """
        The text parsed into ``dtype`` (``ff.Date``, ``ff.Datetime``...) by ``format``
        (strftime codes such as ``"%Y-%m-%d %H:%M"``).
    """,
    "Expr.str.to_date": "The text as a Date, by ``format`` (default: ISO-8601 ``YYYY-MM-DD``).",
    "Expr.str.to_datetime": "The text as a Datetime, by ``format`` (default: ISO-8601).",
    "Expr.dt.year": "The year.",
    "Expr.dt.month": "The month (1-12).",
    "Expr.dt.day": "The day of the month (1-31).",
    "Expr.dt.hour": "The hour (0-23).",
    "Expr.dt.minute": "The minute (0-59).",
    "Expr.dt.second": "The second (0-59).",
    "Expr.dt.weekday": "The day of the week: Monday = 1 ... Sunday = 7, as Polars.",
    "Expr.dt.truncate": """
        The value rounded down to a multiple of ``every``, a Polars duration such as "1d",
        "1mo", "15m" or "1w" (buckets counted from the Unix epoch, weeks from a Monday).
    """,
    "Expr.dt.offset_by": "The value shifted by a Polars duration such as \"1d\", \"-2h\" or \"1mo\".",
    "When": "``ff.when(condition)``: give the value for the matching rows with ``then``.",
    "When.then": "The value (a literal or an expression) where the condition holds.",
    "Then": """
        ``ff.when(...).then(...)``: an expression (null where no condition holds), which
        can be continued with ``when`` or closed with ``otherwise``.
    """,
    "Then.when": "Another condition, tested for the rows no earlier condition matched.",
    "Then.otherwise": "The value for the rows no condition matched; the finished expression.",
    "Then.alias": "The expression under the output name ``name``.",
}

# Parameters the core leaves unnamed (positional only): the names the reference shows.
POSITIONAL_NAMES = {
    "Expr.fill_nan": ["value"],
    "Expr.pow": ["exponent"],
    "When.then": ["value"],
    "Then.when": ["condition"],
    "Then.otherwise": ["value"],
    "Then.alias": ["name"],
}
