"""Looking at frames the way Polars users do: repr with schema and plan, HTML for notebooks,
describe(), null_count() and glimpse(). Everything here reads through the public frame API."""

from __future__ import annotations


_STATISTICS = ["count", "null_count", "mean", "std", "min", "25%", "50%", "75%", "max"]
_QUANTILES = {"25%": 0.25, "50%": 0.5, "75%": 0.75}


def frame_repr(frame) -> str:
    """Schema (bound without reading data) and the plan, newest node first."""
    nodes = frame.flow_graph.nodes
    lines = [f"FlowFrame: lazy, {len(nodes)} node{'s' if len(nodes) != 1 else ''}; "
             "collect() runs it"]
    try:
        schema = frame.schema
        lines.append(f"schema ({len(schema)} column{'s' if len(schema) != 1 else ''}):")
        lines += [f"  {name}: {dtype!r}" for name, dtype in list(schema.items())[:20]]
        if len(schema) > 20:
            lines.append(f"  … {len(schema) - 20} more")
    except Exception as error:  # a plan that does not bind still prints
        lines.append(f"schema: unavailable ({error})")
    lines.append("plan:")
    for node in reversed(nodes[-15:]):
        label = f" {node.description!r}" if node.description else ""
        inputs = ", ".join(str(i) for i in node.input_ids)
        lines.append(f"  [{node.node_id}] {node.node_type}{label}"
                     + (f" <- {inputs}" if inputs else ""))
    if len(nodes) > 15:
        lines.append(f"  … {len(nodes) - 15} earlier nodes")
    return "\n".join(lines)


def frame_html(frame) -> str:
    import html  # here, not at import: `import flowfile` stays quick

    return "<pre>" + html.escape(frame_repr(frame)) + "</pre>"


def dataframe_html(df, max_rows: int = 10) -> str:
    import html

    head = "".join(f"<th>{html.escape(c)}<br><small>{html.escape(repr(t))}</small></th>"
                   for c, t in df.schema.items())
    body = ""
    for row in df.head(max_rows).rows():
        body += "<tr>" + "".join(
            f"<td>{'null' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
    more = f"<p>… {df.height - max_rows} more rows</p>" if df.height > max_rows else ""
    return (f"<div><small>shape: ({df.height}, {df.width})</small><table><thead><tr>{head}"
            f"</tr></thead><tbody>{body}</tbody></table>{more}</div>")


def null_count(frame):
    """One row: the number of nulls in each column (a lazy frame)."""
    from .expr import col
    from .dtypes import UInt32
    return frame.select([col(c).is_null().sum().cast(UInt32).alias(c) for c in frame.columns])


def describe(frame):
    """count, null_count, mean, std, min, quartiles (nearest) and max of every column, as
    Polars' describe(): numbers as Float64, other columns' min/max as text."""
    from .dataframe import DataFrame  # noqa: F401  (the result type)
    from .expr import col
    from .dtypes import Float64, String
    from .io import from_dict
    schema = frame.schema
    exprs, plan = [], {}
    for i, (name, dtype) in enumerate(schema.items()):
        c = col(name)
        numeric = dtype.is_numeric()
        wanted = {"count": c.count().cast(Float64 if numeric else String),
                  "null_count": c.is_null().sum().cast(Float64 if numeric else String),
                  "min": c.min().cast(Float64 if numeric else String),
                  "max": c.max().cast(Float64 if numeric else String)}
        if numeric:
            wanted["mean"] = c.mean().cast(Float64)
            wanted["std"] = c.std().cast(Float64)
            for label, q in _QUANTILES.items():
                wanted[label] = c.quantile(q, "nearest").cast(Float64)
        for statistic, expr in wanted.items():
            alias = f"__{i}_{statistic}"
            exprs.append(expr.alias(alias))
            plan[(name, statistic)] = alias
    values = frame.select(exprs).collect().row(0, named=True) if exprs else {}
    out = {"statistic": list(_STATISTICS)}
    for name in schema:
        out[name] = [values.get(plan.get((name, s))) if (name, s) in plan else None
                     for s in _STATISTICS]
    return from_dict(out).collect()


def glimpse(frame, *, max_items_per_column: int = 10, return_as_string: bool = False):
    """One line per column: name, type, first values (like Polars' glimpse)."""
    df = frame.head(max_items_per_column).collect()
    width = max((len(c) for c in df.columns), default=0)
    lines = [f"Columns: {df.width}"]
    for name, dtype in df.schema.items():
        shown = ", ".join("null" if v is None else repr(v) for v in df[name].to_list())
        lines.append(f"$ {name:<{width}} <{dtype!r}> {shown}")
    text = "\n".join(lines)
    if return_as_string:
        return text
    print(text)
    return None
