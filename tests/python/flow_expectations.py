"""Comparing a table with an expected output of ../shared/testdata/flowfile-flows, by that
folder's conventions: null = empty field, floats with relative tolerance 1e-5, row order
checked where a sort defines it (tie groups compared as sets), else the table as a set."""

import csv
import json
import math
import pathlib

SHARED = pathlib.Path(__file__).resolve().parents[3] / "shared"
FLOWS = SHARED / "testdata" / "flowfile-flows"


def read_csv(path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


def _same_cell(a: str, b: str) -> bool:
    if a == b:
        return True
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return False
    return math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-9)


def _canonical(row: list[str]) -> tuple:
    # Sort key for set comparison: numbers rounded so that tolerance-equal cells sort alike.
    out = []
    for cell in row:
        n = _number(cell)
        out.append(("n", float(f"{n:.5g}")) if n is not None and cell != "" else ("s", cell))
    return tuple(out)


def _same_rows(actual, expected) -> bool:
    return len(actual) == len(expected) and all(
        len(a) == len(e) and all(_same_cell(x, y) for x, y in zip(a, e))
        for a, e in zip(actual, expected))


def _groups(rows, key_index):
    groups = []
    for row in rows:
        key = tuple(row[i] for i in key_index)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    return groups


def assert_matches_expected(flow: str, node_id: int, header: list[str], rows: list[list[str]]):
    expected_dir = FLOWS / "expected" / flow
    exp_header, exp_rows = read_csv(expected_dir / f"node_{node_id}.csv")
    schema = json.loads((expected_dir / f"node_{node_id}.schema.json").read_text())
    assert header == exp_header, f"{flow}: columns {header} != expected {exp_header}"
    assert len(rows) == len(exp_rows), f"{flow}: {len(rows)} rows != expected {len(exp_rows)}"
    order = schema["row_order"]
    if not order.get("defined"):
        a, e = sorted(rows, key=_canonical), sorted(exp_rows, key=_canonical)
        assert _same_rows(a, e), f"{flow}: the rows differ from the expected set"
        return
    keys = [header.index(k["column"]) for k in order["sort_keys"]]
    if not order.get("ties"):
        assert _same_rows(rows, exp_rows), f"{flow}: rows differ (in sorted order)"
        return
    got, want = _groups(rows, keys), _groups(exp_rows, keys)
    assert [k for k, _ in got] == [k for k, _ in want], f"{flow}: sort key sequence differs"
    for (key, g), (_, w) in zip(got, want):
        assert _same_rows(sorted(g, key=_canonical), sorted(w, key=_canonical)), (
            f"{flow}: the rows with sort key {key} differ")


def expected_dtypes(flow: str, node_id: int) -> list[tuple[str, str]]:
    schema = json.loads((FLOWS / "expected" / flow / f"node_{node_id}.schema.json").read_text())
    return [(c["name"], c["dtype"]) for c in schema["columns"]]
