#!/usr/bin/env python3
"""Writes the Python API reference (docs/python-api.md) from the flowfile module itself.

    PYTHONPATH=build/dev/python python3 scripts/python_api_reference.py > docs/python-api.md

Every public name (``flowfile.__all__``, the ``catalog``, ``secrets`` and ``selectors``
namespaces, and the public methods and properties of the classes among them) is listed with
its signature and docstring. The methods of the core's expression classes cannot carry a
Python docstring, so theirs are kept beside them in ``flowfile/_expr_docs.py``.
tests/python/test_python_api_reference.py checks that each name has a docstring and that the
file matches this script's output.
"""

from __future__ import annotations

import inspect
import re
import sys

SECTIONS = [
    ("reading", "Reading, scanning and writing"),
    ("frames", "Frames"),
    ("expressions", "Expressions"),
    ("selectors", "Column selectors"),
    ("dtypes", "Data types"),
    ("catalog", "Catalog"),
    ("connections", "Connections"),
    ("secrets", "Secrets"),
    ("flows", "Flows and graphs"),
    ("config", "Configuration, keys and audit"),
    ("errors", "Errors"),
]

# The section of each module (a name's home is the module that defines it).
_MODULE_SECTION = {
    "flowfile.io": "reading", "flowfile.frame": "frames", "flowfile.dataframe": "frames",
    "flowfile.expr": "expressions", "flowfile._core": "expressions",
    "flowfile.selectors": "selectors", "flowfile.dtypes": "dtypes",
    "flowfile.catalog": "catalog", "flowfile.connections": "connections",
    "flowfile.secrets": "secrets", "flowfile.secret_str": "secrets",
    "flowfile.graph": "flows", "flowfile.flow": "flows", "flowfile.admin": "config",
    "flowfile.errors": "errors",
}
# Names whose defining module is not where a reader looks for them.
_NAME_SECTION = {"config": "config", "open_flow": "flows", "read_flow": "flows",
                 "FlowRunError": "errors", "FlowFrame": "frames", "GroupBy": "frames"}


class Entry:
    """One documented name: ``qualname`` as written in the reference, the object, its kind."""

    def __init__(self, section: str, qualname: str, obj, kind: str, doc: str, signature: str,
                 alias_of: str | None = None):
        self.section, self.qualname, self.obj, self.kind = section, qualname, obj, kind
        self.doc, self.signature, self.alias_of = doc, signature, alias_of

    anchor = ""  # set by _assign_anchors


def _core_doc(qualname: str) -> str:
    from flowfile import _expr_docs
    return _expr_docs.DOCS.get(qualname, "")


def _is_core(obj) -> bool:
    module = getattr(obj, "__module__", "") or ""
    return module == "flowfile._core" or type(obj).__name__ in (
        "instancemethod", "builtin_function_or_method")


def _doc_of(qualname: str, obj) -> str:
    if isinstance(obj, property):
        doc, obj = obj.__doc__, obj.fget
    else:
        doc = obj.__doc__ if not isinstance(obj, type) else obj.__dict__.get("__doc__")
    if _is_core(obj) or not doc or _pybind_signature(doc):
        return inspect.cleandoc(_core_doc(qualname))
    return inspect.cleandoc(doc)


def _pybind_signature(doc: str) -> bool:
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    return bool(re.match(r"^\w+\(.*\)( -> .*)?$", first)) and "flowfile._core" in doc


def _annotation(value) -> str:
    if value is inspect.Parameter.empty:
        return ""
    text = value if isinstance(value, str) else inspect.formatannotation(value)
    return re.sub(r"\b_list\[", "list[", text)  # secrets' name for the builtin list


def _default(value) -> str:
    text = repr(value)
    return "<unchanged>" if re.search(r" at 0x[0-9a-f]+>", text) else text


def _signature(name: str, obj, drop_self: bool) -> str:
    if isinstance(obj, property):
        return name
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return _core_signature(name, obj)
    parts, star_done = [], False
    params = list(sig.parameters.values())
    if drop_self and params and params[0].name in ("self", "cls"):
        params = params[1:]
    for p in params:
        if p.name.startswith("_"):
            continue  # internal
        if p.kind is p.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        text = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name
        if p.kind is p.VAR_POSITIONAL:
            star_done = True
        ann = _annotation(p.annotation)
        if ann:
            text += f": {ann}"
        if p.default is not p.empty:
            text += f" = {_default(p.default)}" if ann else f"={_default(p.default)}"
        parts.append(text)
    ret = _annotation(sig.return_annotation)
    return f"{name}({', '.join(parts)})" + (f" -> {ret}" if ret else "")


def _core_signature(name: str, obj) -> str:
    # pybind11 puts the signature on the docstring's first line.
    first = (getattr(obj, "__doc__", "") or "").strip().splitlines()
    first = first[0] if first else ""
    m = re.match(r"^\w+\((.*)\)(?: -> (.*))?$", first)
    if not m:
        return f"{name}(...)"
    args = [a.strip() for a in re.split(r",\s*(?![^\[]*\])", m.group(1)) if a.strip()]
    args = [a for a in args if not a.startswith("self")]
    from flowfile import _expr_docs
    names = _expr_docs.POSITIONAL_NAMES.get(name.removeprefix("ff."), [])
    for i, arg in enumerate(args):
        if arg.startswith(f"arg{i}:") and i < len(names):
            args[i] = names[i] + arg[len(f"arg{i}"):]
    if any(re.match(r"\w+:", a) and a.split(":")[0] in names for a in args):
        args.append("/")  # the core takes these by position only
    text = f"{name}({', '.join(args)})" + (f" -> {m.group(2)}" if m.group(2) else "")
    text = text.replace("ff::WhenThen", "Then")
    return text.replace("flowfile._core.", "").replace("handle", "object")


def _public_members(cls) -> list[tuple[str, object]]:
    """Public methods and properties in definition order (own class first, then bases)."""
    out, seen = [], set()
    for klass in cls.__mro__:
        if klass.__module__ in ("builtins", "pybind11_builtins"):
            continue
        if klass is not cls and not klass.__name__.startswith("_"):
            continue  # a public base is documented on its own
        for name, value in klass.__dict__.items():
            if name.startswith("_") or name in seen:
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if isinstance(value, property) or callable(value):
                if isinstance(value, type):
                    continue
                seen.add(name)
                out.append((name, value))
    return out


def _section(name: str, obj, default: str) -> str:
    if name in _NAME_SECTION:
        return _NAME_SECTION[name]
    module = getattr(obj, "__module__", None) or ""
    return _MODULE_SECTION.get(module, default)


def _add_class(entries: list, section: str, label: str, cls) -> None:
    entries.append(Entry(section, label, cls, "class", _doc_of(label, cls),
                         _class_signature(label, cls)))
    for name, member in _public_members(cls):
        qual = f"{label}.{name}"
        kind = "property" if isinstance(member, property) else "method"
        real = getattr(member, "__name__", name)
        alias = f"{label}.{real}" if kind == "method" and real != name and not _is_core(member) \
            and real in cls.__dict__ else None
        entries.append(Entry(section, qual, member, kind, _doc_of(qual, member),
                             _signature(qual, member, drop_self=True), alias))
        if kind == "property" and name in ("str", "dt") and label == "Expr":
            from flowfile import _core
            namespace = {"str": _core.StrNamespace, "dt": _core.DtNamespace}[name]
            for sub, method in _public_members(namespace):
                q = f"Expr.{name}.{sub}"
                entries.append(Entry(section, q, method, "method", _doc_of(q, method),
                                     _core_signature(q, method)))


# Classes whose objects Flowfile hands out but the user does not construct: no signature.
_HANDED_OUT = {"Flow", "FlowGraph", "FlowNode", "FlowRunResult", "GroupBy", "Schema",
               "DatabaseConnectionInfo", "CloudStorageConnectionInfo", "secrets.SecretInfo"}


def _class_signature(label: str, cls) -> str:
    if _is_core(cls) or label in _HANDED_OUT or issubclass(cls, BaseException):
        return label
    if getattr(cls, "__module__", "") == "flowfile.dtypes" and "__init__" not in cls.__dict__:
        return label
    try:
        return _signature(label, cls, drop_self=False).split(" -> ")[0]
    except (TypeError, ValueError):
        return label


def entries() -> list[Entry]:
    """Every public name, in reference order."""
    import flowfile as ff
    from flowfile import _core

    found: list[Entry] = []
    for name in ff.__all__:
        obj = getattr(ff, name)
        if name in ("catalog", "secrets", "selectors"):
            continue
        section = _section(name, obj, "reading")
        real = getattr(obj, "__name__", name)
        if real != name and hasattr(ff, real) and getattr(ff, real) is obj:
            found.append(Entry(section, name, obj, "alias", _doc_of(real, obj), name, real))
        elif isinstance(obj, type):
            if section == "dtypes" and name not in ("DataType", "Schema") and \
                    "__init__" not in obj.__dict__:
                found.append(Entry(section, name, obj, "class", _doc_of(name, obj), name))
            else:
                _add_class(found, section, name, obj)
        else:
            found.append(Entry(section, name, obj, "function", _doc_of(name, obj),
                               _signature(name, obj, drop_self=False)))
    for label, cls in (("When", _core.When), ("Then", _core.Then)):
        _add_class(found, "expressions", label, cls)
    for namespace, section in (("catalog", "catalog"), ("secrets", "secrets"),
                               ("selectors", "selectors")):
        module = getattr(ff, namespace)
        found.append(Entry(section, namespace, module, "module",
                           inspect.cleandoc(module.__doc__ or ""), f"flowfile.{namespace}"))
        for name in _namespace_names(module):
            obj = getattr(module, name)
            qual = f"{namespace}.{name}"
            if getattr(ff, name, None) is obj and name in ff.__all__:
                found.append(Entry(section, qual, obj, "alias", _doc_of(name, obj), qual, name))
            elif isinstance(obj, type):
                _add_class(found, section, qual, obj)
            else:
                found.append(Entry(section, qual, obj, "function", _doc_of(qual, obj),
                                   _signature(qual, obj, drop_self=False)))
    order = {key: i for i, (key, _) in enumerate(SECTIONS)}
    return sorted(found, key=lambda e: order[e.section])  # stable: keeps order within sections


def _namespace_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items() if not n.startswith("_") and callable(v)
                 and getattr(v, "__module__", "") == module.__name__]
    return list(names)


def _assign_anchors(all_entries: list[Entry]) -> dict[str, str]:
    """Unique anchors (names differing only in case, such as ``when`` and ``When``, and the
    section headings must not share one)."""
    taken = {_slug(title) for _, title in SECTIONS}
    by_name = {}
    for e in all_entries:
        base = "ff-" + re.sub(r"[^a-z0-9]+", "-", e.qualname.lower()).strip("-")
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        e.anchor = anchor
        by_name[e.qualname] = anchor
    return by_name


def render() -> str:
    all_entries = entries()
    anchors = _assign_anchors(all_entries)
    lines = ["# Python API reference", "",
             "Every public name of `import flowfile as ff`, with its signature and what it does. "
             "Arguments not listed under a function behave as their name and default say. "
             "Functions that accept Polars' or the original Flowfile's extra keyword arguments "
             "name them; any other unknown keyword raises `TypeError` naming the closest valid "
             "one. Frames follow Polars' semantics: see [frames.md](frames.md).", "",
             "This file is generated by `scripts/python_api_reference.py` from the module's "
             "docstrings; do not edit it by hand.", "", "## Index", ""]
    for key, title in SECTIONS:
        top = [e for e in all_entries if e.section == key and _top_level(e)]
        links = ", ".join(f"[`{e.qualname}`](#{e.anchor})" for e in top)
        lines.append(f"- **[{title}](#{_slug(title)})**: {links}")
    lines.append("")
    for key, title in SECTIONS:
        lines += [f"## {title}", ""]
        for e in (x for x in all_entries if x.section == key):
            lines += _render_entry(e, anchors)
    return "\n".join(lines).rstrip() + "\n"


def _top_level(e: Entry) -> bool:
    return e.kind not in ("method", "property")


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def _render_entry(e: Entry, anchors: dict[str, str]) -> list[str]:
    depth = "####" if e.kind in ("method", "property") else "###"
    prefix = {"class": "class ", "property": "property ", "module": "module "}.get(e.kind, "")
    ff = "" if e.kind == "module" else "ff."
    out = [f'<a id="{e.anchor}"></a>', "", f"{depth} {prefix}`{ff}{e.signature}`", ""]
    if e.alias_of:
        out += [f"Alias of [`{e.alias_of}`](#{anchors[e.alias_of]}).", ""]
    elif e.doc:
        out += [e.doc, ""]
    return out


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
