"""Keyword checking for functions that take Flowfile's or Polars' extra arguments.

A misspelt keyword must fail loudly (a typo in ``connection_name`` would otherwise fall back to
choosing a connection by URL), and an argument accepted for compatibility but not implemented
must fail on any value that would change the result.
"""

from __future__ import annotations

# A hint about how to compute, not what: every value gives the same result here.
ANY = object()


class OneOf(tuple):
    """Several values that all mean what this engine does anyway."""


UTF8 = OneOf(("utf8", "utf-8"))


def _same(value, expected) -> bool:
    if isinstance(expected, OneOf):
        return any(_same(value, e) for e in expected)
    return value is expected or (type(value) is type(expected) and value == expected)


def _show(expected) -> str:
    if isinstance(expected, OneOf):
        return " or ".join(repr(e) for e in expected)
    return repr(expected)


def check(function, given: dict, **compatible) -> None:
    """Raises unless every keyword in ``given`` is a parameter of ``function`` or compatible.

    ``compatible`` names the Flowfile/Polars arguments taken but not implemented, each with
    the value (or ``OneOf`` values) that matches this engine's behaviour, or ``ANY``."""
    if not given:
        return
    function = getattr(function, "__func__", function)
    name = f"{function.__qualname__}()"
    known = _keyword_parameters(function)
    for key, value in given.items():
        if key in compatible:
            expected = compatible[key]
            if expected is ANY or _same(value, expected):
                continue
            raise NotImplementedError(
                f"{name}: {key}={value!r} is not supported (only {key}={_show(expected)})")
        if key not in known:
            raise unexpected(name, key, known + list(compatible))


def _keyword_parameters(function) -> list:
    # From the code object rather than inspect.signature: importing inspect costs more than
    # the rest of `import flowfile`'s Python side.
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    code = function.__code__
    names = code.co_varnames[code.co_posonlyargcount:code.co_argcount + code.co_kwonlyargcount]
    return [n for n in names if n != "self"]


def unexpected(name: str, key: str, known) -> TypeError:
    """Python's error for an unknown keyword, with the closest valid name."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" — did you mean '{close[0]}'?" if close else ""
    return TypeError(f"{name} got an unexpected keyword argument '{key}'{hint}")


def delta_version_of(version, delta_version):
    """``version=`` and ``delta_version=`` are one argument under two names (the CLI's
    ``--version`` and Flowfile's ``delta_version``); ValueError when both are given and differ.
    """
    if version is not None and delta_version is not None and version != delta_version:
        raise ValueError(f"version={version} and delta_version={delta_version} disagree; "
                         "give one (they are the same argument)")
    return delta_version if delta_version is not None else version
