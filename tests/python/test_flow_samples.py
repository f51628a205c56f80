"""Flowfile's own sample flows (../shared/testdata/flowfile-flows) open, run unchanged and
write exactly the expected tables; the same through the CLI and through Python."""

import json
import os
import shutil
import subprocess

import pytest

from conftest import cli_path
from flow_expectations import FLOWS, assert_matches_expected, expected_dtypes, read_csv

SAMPLES = {
    # flow: (terminal node whose input is the expected table, output file it writes)
    "customer-dedup": (4, "customers_deduplicated.csv"),
    "employee-cleanup": (5, None),
    "product-sales": (6, "product_sales_by_category.csv"),
    "survey-pivot": (3, None),
    "web-traffic": (4, None),
}

# Polars counts are UInt32; our engine keeps counts as Int64 (documented in docs/flows.md).
SAME_TYPE = {("UInt32", "Int64")}


def output_file(flow: str) -> str:
    text = (FLOWS / "flows" / f"{flow}.yaml").read_text()
    for line in text.splitlines():
        if line.strip().startswith("name:") and line.strip().endswith(".csv"):
            name = line.split(":", 1)[1].strip()
            if not name.startswith(("orders", "products", "customers.", "employees.",
                                    "survey_responses.", "page_views.")):
                return name
    raise AssertionError(f"no output file in {flow}")


@pytest.fixture
def workdir(tmp_path):
    """A working directory holding the sample data, as Flowfile's users would run it."""
    for csv_file in (FLOWS / "data").iterdir():
        shutil.copy(csv_file, tmp_path / csv_file.name)
    return tmp_path


@pytest.mark.parametrize("flow", sorted(SAMPLES))
def test_sample_flow_runs_from_the_cli_and_writes_the_expected_table(flow, workdir, home):
    node_id, _ = SAMPLES[flow]
    proc = subprocess.run([cli_path(), "run", str(FLOWS / "flows" / f"{flow}.yaml")],
                          cwd=workdir, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "✓ node" in proc.stderr  # per-node progress with row counts
    header, rows = read_csv(workdir / output_file(flow))
    assert_matches_expected(flow, node_id, header, rows)


@pytest.mark.parametrize("flow", sorted(SAMPLES))
def test_sample_flow_from_python_predicts_the_expected_types(flow, workdir, ff):
    node_id, _ = SAMPLES[flow]
    opened = ff.open_flow(FLOWS / "flows" / f"{flow}.yaml")
    upstream = opened.node(node_id).input_ids[0]
    schema = opened.frame(upstream, base_dir=workdir).schema
    got = [(name, str(dtype)) for name, dtype in schema.items()]
    want = expected_dtypes(flow, node_id)
    assert [n for n, _ in got] == [n for n, _ in want]
    for (name, ours), (_, theirs) in zip(got, want):
        assert ours == theirs or (theirs, ours) in SAME_TYPE, f"{flow}.{name}: {ours} vs {theirs}"


@pytest.mark.parametrize("flow", sorted(SAMPLES))
def test_sample_flow_runs_in_python_with_a_base_dir(flow, workdir, ff, tmp_path_factory):
    node_id, _ = SAMPLES[flow]
    result = ff.open_flow(FLOWS / "flows" / f"{flow}.yaml").run(base_dir=workdir)
    assert result.ok
    sinks = [n for n in result.nodes if n.type == "output"]
    assert sinks and sinks[0].status == "ok" and sinks[0].rows is not None
    header, rows = read_csv(workdir / output_file(flow))
    assert_matches_expected(flow, node_id, header, rows)
    assert len(rows) == sinks[0].rows


def test_dry_run_writes_nothing_and_counts_rows(workdir, home):
    flow = FLOWS / "flows" / "product-sales.yaml"
    proc = subprocess.run([cli_path(), "run", str(flow), "--dry-run", "--json"], cwd=workdir,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] and report["nodes"][-1]["status"] == "dry-run"
    assert report["nodes"][-1]["rows"] == 8
    assert not (workdir / "product_sales_by_category.csv").exists()


def test_run_node_shows_one_nodes_result(workdir, home):
    flow = FLOWS / "flows" / "product-sales.yaml"
    proc = subprocess.run([cli_path(), "run", str(flow), "--node", "4", "--json"], cwd=workdir,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 8 and set(rows[0]) == {"category", "order_count", "total_quantity"}
    assert not (workdir / "product_sales_by_category.csv").exists()


def test_a_flow_saved_unchanged_round_trips(workdir, ff, tmp_path):
    for flow in sorted(SAMPLES):
        original = ff.open_flow(FLOWS / "flows" / f"{flow}.yaml")
        for suffix in (".yaml", ".json"):
            path = tmp_path / f"{flow}{suffix}"
            original.save(path)
            again = ff.open_flow(path)
            assert json.loads(again.to_json()) == json.loads(original.to_json())
            assert [(n.id, n.type, n.description, n.input_ids, n.settings, n.x, n.y)
                    for n in again.nodes] == [
                (n.id, n.type, n.description, n.input_ids, n.settings, n.x, n.y)
                for n in original.nodes]


@pytest.mark.parametrize("flow", sorted(SAMPLES))
def test_generated_python_writes_what_the_flow_writes(flow, workdir, ff, tmp_path_factory):
    opened = ff.open_flow(FLOWS / "flows" / f"{flow}.yaml")
    opened.run(base_dir=workdir)
    expected = read_csv(workdir / output_file(flow))
    code = opened.to_code("python")
    assert code.count("description=") == len(opened.nodes)
    other = tmp_path_factory.mktemp("generated")
    for csv_file in (FLOWS / "data").iterdir():
        shutil.copy(csv_file, other / csv_file.name)
    (other / "flow.py").write_text(code)
    proc = subprocess.run(["/usr/bin/python3", "flow.py"], cwd=other, capture_output=True,
                          text=True, timeout=120, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    header, rows = read_csv(other / output_file(flow))
    assert (header, sorted(rows)) == (expected[0], sorted(expected[1]))


def test_generate_from_the_cli(workdir, home):
    flow = FLOWS / "flows" / "web-traffic.yaml"
    proc = subprocess.run([cli_path(), "generate", str(flow)], capture_output=True, text=True)
    assert proc.returncode == 0 and "import flowfile as ff" in proc.stdout
    proc = subprocess.run([cli_path(), "generate", str(flow), "--target", "sql"],
                          capture_output=True, text=True, cwd=workdir)
    assert proc.returncode == 0 and "COPY (" in proc.stdout
    proc = subprocess.run([cli_path(), "generate", str(flow), "--target", "rust"],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "expected python, cpp, cmake or sql" in proc.stderr
