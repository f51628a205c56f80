"""The Python API reference: every public name has a docstring, and docs/python-api.md is
exactly what scripts/python_api_reference.py generates from them."""

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "python-api.md"
REGENERATE = "python3 scripts/python_api_reference.py > docs/python-api.md"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "python_api_reference", ROOT / "scripts" / "python_api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_public_name_has_a_docstring(home):
    entries = _generator().entries()
    names = {e.qualname for e in entries}
    # The enumeration covers what it should (a refactor must not silently empty it).
    for expected in ("scan_csv", "FlowFrame.join", "DataFrame.rows", "Expr.over",
                     "Expr.str.contains", "Expr.dt.year", "Int64", "catalog.vacuum",
                     "secrets.set", "FlowGraph.nodes", "create_database_connection",
                     "NotFoundError", "selectors.numeric", "Then.otherwise"):
        assert expected in names, f"{expected} is missing from the reference's enumeration"
    undocumented = [e.qualname for e in entries if not e.doc.strip()]
    assert not undocumented, (
        "these public names have no docstring (for Expr/When/Then methods, add one to "
        f"python/flowfile/_expr_docs.py): {', '.join(undocumented)}")


def test_every_core_expression_doc_names_a_real_method(home):
    from flowfile import _expr_docs

    names = {e.qualname for e in _generator().entries()}
    stale = sorted((set(_expr_docs.DOCS) | set(_expr_docs.POSITIONAL_NAMES)) - names)
    assert not stale, f"_expr_docs.py documents names that do not exist: {', '.join(stale)}"


def test_reference_matches_the_generator(home):
    generated = _generator().render()
    current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
    if current != generated:
        import difflib

        diff = "".join(list(difflib.unified_diff(
            current.splitlines(keepends=True), generated.splitlines(keepends=True),
            "docs/python-api.md", "generated", n=1))[:60])
        raise AssertionError(f"docs/python-api.md is out of date; regenerate it with\n"
                             f"  {REGENERATE}\n(with the built module on PYTHONPATH)\n{diff}")


def test_generator_output_is_deterministic(home):
    generator = _generator()
    assert generator.render() == generator.render()
