"""Generate code round trips. For every sample flow of ../shared/testdata/flowfile-flows and for
a flow using every node type that runs on local files (codegen_flows.py), the generated Python
(run under /usr/bin/python3), C++ (built with its generated CMakeLists.txt against the library
installed to a temporary prefix) and SQL (run in DuckDB) write exactly the tables the flow run
writes. One CMake project builds every generated program, to keep the test short."""

import json
import os
import pathlib
import shutil
import subprocess

import pytest

from codegen_flows import write_node_coverage_flow
from conftest import PYTHON, cli_path
from flow_expectations import FLOWS, read_csv

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.stem for p in (FLOWS / "flows").glob("*.yaml"))
CASES = SAMPLES + ["node-coverage"]
# Runnable node types the coverage flow does not use: they need a server, a store or a second
# flow file. Their generated code is tested beside their other tests (test_flow_rest_api.py,
# test_flow_subflows.py).
NEEDS_SERVICE = {"database_reader", "database_writer", "cloud_storage_reader",
                 "cloud_storage_writer", "catalog_reader", "catalog_writer",
                 "rest_api_reader", "flow_input", "flow_output", "run_flow"}


def build_dir() -> pathlib.Path:
    """The build tree whose library the test installs: FLOWFILE_BUILD_DIR, else the tree of
    FLOWFILE_CLI, else build/release (scripts/setup's)."""
    candidates = [os.environ.get("FLOWFILE_BUILD_DIR")]
    cli = os.environ.get("FLOWFILE_CLI")
    if cli:
        candidates.append(str(pathlib.Path(cli).resolve().parent.parent))
    candidates.append(str(ROOT / "build" / "release"))
    for c in candidates:
        if c and (pathlib.Path(c) / "CMakeCache.txt").exists():
            return pathlib.Path(c)
    pytest.fail(f"no Flowfile build tree found (tried {candidates}); set FLOWFILE_BUILD_DIR")


def cache_value(build: pathlib.Path, key: str) -> str:
    for line in (build / "CMakeCache.txt").read_text().splitlines():
        if line.startswith(key + ":"):
            return line.split("=", 1)[1]
    pytest.fail(f"{key} is not in {build}/CMakeCache.txt")


def run(cmd, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=600,
                          **kwargs)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def flow_path(name: str, root: pathlib.Path) -> pathlib.Path:
    return FLOWS / "flows" / f"{name}.yaml" if name in SAMPLES else root / f"{name}.json"


def data_dir(root: pathlib.Path, name: str) -> pathlib.Path:
    path = root / name
    path.mkdir()
    for csv_file in (FLOWS / "data").iterdir():
        shutil.copy(csv_file, path / csv_file.name)
    return path


SQL_RUNNER_CMAKE = """cmake_minimum_required(VERSION 3.16)
project(codegen_sql_runner LANGUAGES CXX)
add_executable(codegen_sql_runner main.cpp)
target_include_directories(codegen_sql_runner PRIVATE "{duckdb_dir}")
target_link_libraries(codegen_sql_runner PRIVATE "{prefix}/lib/flowfile/libduckdb.so")
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Installs the library, generates every case's C++ and builds it all in one project."""
    import flowfile as ff

    root = tmp_path_factory.mktemp("codegen")
    build = build_dir()
    library = next(build.glob("src/libflowfile.so"), None)
    assert library, f"{build}/src/libflowfile.so is not built: build the flowfile_shared target"
    prefix = root / "prefix"
    run(["cmake", "--install", build, "--prefix", prefix, "--component", "devel"])
    assert (prefix / "include" / "flowfile" / "flowfile.hpp").exists()
    write_node_coverage_flow(root / "node-coverage.json")
    project = root / "project"
    project.mkdir()
    programs, top = {}, ["cmake_minimum_required(VERSION 3.16)", "project(codegen_tests)"]
    for i, name in enumerate(CASES):
        flow = ff.open_flow(flow_path(name, root))
        source = project / f"flow_{i}"
        source.mkdir()
        (source / "main.cpp").write_text(flow.to_code("cpp"))
        cmake = flow.to_code("cmake")
        (source / "CMakeLists.txt").write_text(cmake)
        target = cmake.split("add_executable(", 1)[1].split(" ", 1)[0]
        programs[name] = project / "build" / f"flow_{i}" / target
        top.append(f"add_subdirectory(flow_{i})")
    runner = project / "sql_runner"
    runner.mkdir()
    shutil.copy(ROOT / "tests" / "python" / "codegen_sql_runner.cpp", runner / "main.cpp")
    (runner / "CMakeLists.txt").write_text(SQL_RUNNER_CMAKE.format(
        duckdb_dir=cache_value(build, "DUCKDB_INCLUDE_DIR"), prefix=prefix))
    top.append("add_subdirectory(sql_runner)")
    (project / "CMakeLists.txt").write_text("\n".join(top) + "\n")
    run(["cmake", "-S", project, "-B", project / "build", "-G", "Ninja",
         f"-DCMAKE_PREFIX_PATH={prefix}"])
    run(["cmake", "--build", project / "build", "-j2"])
    return {"root": root, "programs": programs,
            "sql_runner": project / "build" / "sql_runner" / "codegen_sql_runner"}


def written_tables(directory: pathlib.Path) -> dict:
    """Every file a run wrote (not the input data): name -> (header or schema, sorted rows)."""
    import flowfile as ff

    inputs = {p.name for p in (FLOWS / "data").iterdir()}
    out = {}
    for path in sorted(directory.iterdir()):
        if path.name in inputs or path.suffix not in (".csv", ".parquet"):
            continue
        if path.suffix == ".csv":
            header, rows = read_csv(path)
            out[path.name] = (header, sorted(rows))
        else:
            df = ff.scan_parquet(str(path)).collect()
            schema = [(n, str(t)) for n, t in df.schema.items()]
            out[path.name] = (schema, sorted(df.rows(), key=repr))
    return out


@pytest.mark.parametrize("name", CASES)
def test_generated_python_cpp_and_sql_write_what_the_flow_writes(name, generated, ff,
                                                                 monkeypatch):
    root = generated["root"]
    flow = ff.open_flow(flow_path(name, root))
    expected_dir = data_dir(root, f"{name}-flow")
    assert flow.run(base_dir=expected_dir).ok
    expected = written_tables(expected_dir)
    assert expected, f"{name}: the flow wrote nothing"

    code = flow.to_code("python")
    assert code.count("description=") == len([n for n in flow.nodes if n.type != "explore_data"])
    py_dir = data_dir(root, f"{name}-python")
    (py_dir / "flow.py").write_text(code)
    run([PYTHON, "flow.py"], cwd=py_dir, env=dict(os.environ))
    assert written_tables(py_dir) == expected, f"{name}: generated Python"

    cpp_dir = data_dir(root, f"{name}-cpp")
    run([generated["programs"][name]], cwd=cpp_dir, env=dict(os.environ))
    assert written_tables(cpp_dir) == expected, f"{name}: generated C++"

    sql_dir = data_dir(root, f"{name}-sql")
    monkeypatch.chdir(sql_dir)  # relative paths in the flow resolve where the script runs
    (sql_dir / "flow.sql").write_text(flow.to_code("sql"))
    run([generated["sql_runner"], "flow.sql"], cwd=sql_dir)
    assert written_tables(sql_dir) == expected, f"{name}: generated SQL"


def test_every_runnable_node_type_is_covered(tmp_path, ff):
    write_node_coverage_flow(tmp_path / "f.json")
    used = {n.type for n in ff.open_flow(tmp_path / "f.json").nodes}
    for name in SAMPLES:
        used |= {n.type for n in ff.open_flow(FLOWS / "flows" / f"{name}.yaml").nodes}
    runnable = {t["key"] for t in ff.node_types() if t["runnable"]}
    assert runnable - used - NEEDS_SERVICE == set()


def test_python_uses_frame_methods_where_they_mean_the_same(tmp_path, ff):
    write_node_coverage_flow(tmp_path / "f.json")
    code = ff.open_flow(tmp_path / "f.json").to_code("python")
    for call in (".sort([\"customer_id\", \"order_id\"], descending=[False, True]",
                 ".head(7, ", ".with_columns(ff.formula(\"[quantity] * 2 + 0.5\").alias(",
                 ".filter(ff.formula(", ".select(ff.len().alias(\"number_of_records\")",
                 ".unique([\"customer_id\"], keep=\"first\", maintain_order=True",
                 ".with_row_index(\"rid\", 10, ", ".text_to_rows(\"name\", \"part\", \" \", "):
        assert call in code, call
    # A formula with a declared type casts: that node keeps apply_node.
    assert "ff.apply_node(\n        \"formula\"" in code


def test_refused_node_types_are_named_by_every_target(tmp_path, ff):
    flow = {"flowfile_version": "1.0.0", "flowfile_id": 1, "flowfile_name": "refused",
            "nodes": [{"id": 1, "type": "manual_input", "input_ids": [], "outputs": [2],
                       "setting_input": {"raw_data_format": {
                           "columns": [{"name": "a", "data_type": "Int64"}], "data": [[1]]}}},
                      {"id": 2, "type": "polars_code", "description": "custom", "input_ids": [1],
                       "outputs": [], "setting_input": {"polars_code_input": {
                           "polars_code": "output_df = input_df"}}}]}
    (tmp_path / "f.json").write_text(json.dumps(flow))
    opened = ff.open_flow(tmp_path / "f.json")
    for target in ("python", "cpp", "sql"):
        with pytest.raises(ff.FlowfileError) as e:
            opened.to_code(target)
        assert "node 2" in str(e.value) and "polars_code" in str(e.value)


def test_cpp_program_takes_parameters_and_a_base_dir(generated, tmp_path, ff):
    program = generated["programs"]["web-traffic"]
    proc = subprocess.run([program, "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "--param NAME=VALUE" in proc.stdout
    proc = subprocess.run([program, "--param", "oops"], capture_output=True, text=True)
    assert proc.returncode == 2 and "NAME=VALUE" in proc.stderr
    work = data_dir(tmp_path, "data")
    out = tmp_path / "elsewhere"
    out.mkdir()
    run([program, "--base-dir", work], cwd=out)
    assert [p.name for p in work.iterdir() if p.suffix == ".csv" and "traffic" in p.name]


def test_generate_cpp_from_the_cli_writes_a_project(tmp_path, home):
    flow = FLOWS / "flows" / "web-traffic.yaml"
    proc = subprocess.run([cli_path(), "generate", str(flow), "--target", "cpp", "-o",
                           str(tmp_path / "app")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    main = (tmp_path / "app" / "main.cpp").read_text()
    assert "#include <flowfile/flowfile.hpp>" in main and "ff::apply_node" in main
    assert "find_package(flowfile REQUIRED)" in (tmp_path / "app" / "CMakeLists.txt").read_text()


def test_python_with_descriptions_saved_opened_and_generated_runs_the_same(tmp_path, ff):
    work = data_dir(tmp_path, "work")
    script = f"""
import flowfile as ff
orders = ff.scan_csv({str(work / 'orders.csv')!r}, description="Read orders")
result = (orders.filter(ff.col("quantity") > 2, description="Bigger orders")
          .with_columns((ff.col("quantity") * 10).alias("q10"), description="Ten times")
          .group_by("customer_id", description="Per customer").agg(
              ff.col("q10").sum().alias("total"), ff.col("order_id").count().alias("n"))
          .sort("total", descending=True, description="Biggest first"))
written = result.write_csv({str(work / 'result.csv')!r}, description="Write the result")
written.save_graph({str(tmp_path / 'saved.yaml')!r})
"""
    run([PYTHON, "-c", script], env=dict(os.environ))
    original = read_csv(work / "result.csv")
    (work / "result.csv").unlink()
    flow = ff.open_flow(tmp_path / "saved.yaml")
    code = flow.to_code("python")
    for description in ("Read orders", "Bigger orders", "Ten times", "Biggest first",
                        "Write the result"):
        assert f"description={description!r}".replace("'", '"') in code
    (tmp_path / "again.py").write_text(code)
    run([PYTHON, "again.py"], cwd=tmp_path, env=dict(os.environ))
    again = read_csv(work / "result.csv")
    # Rows tied on the sort key may come in any order: compare the key sequence and the set.
    assert again[0] == original[0]
    assert [r[1] for r in again[1]] == [r[1] for r in original[1]]
    assert sorted(again[1]) == sorted(original[1])


def test_sql_of_a_flow_without_outputs_selects_its_final_nodes(tmp_path, ff):
    frame = ff.from_dict({"a": [1, 2, 3]}).filter(ff.col("a") > 1, description="Keep big")
    frame.flow_graph.save_flow(str(tmp_path / "f.yaml"))
    sql = ff.open_flow(tmp_path / "f.yaml").to_code("sql")
    assert "CREATE TEMP TABLE" in sql  # the manual input's rows
    assert "\n-- node 2 (filter 'Keep big')\n" in sql and sql.rstrip().endswith(";")
    assert "WHERE" in sql.split("(filter 'Keep big')")[1]
