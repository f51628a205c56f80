"""Start-up: a script loads only what it uses.

PostgreSQL, MariaDB, HTTP (cloud storage, REST) and the OS keyring libraries are opened on
first use, so `import flowfile` and a local pipeline never map them."""

import os
import shutil
import subprocess
import sys
import textwrap

ON_DEMAND = ("libpq.so", "libmariadb.so", "libcurl", "libsecret", "libgio-2.0")


def mapped_libraries(script: str, tmp_path) -> str:
    probe = textwrap.dedent(script) + textwrap.dedent("""
        import sys
        with open("/proc/self/maps") as maps:
            sys.stdout.write(maps.read())
    """)
    env = dict(os.environ, FLOWFILE_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                          capture_output=True, text=True).stdout


def test_import_loads_no_driver_library(tmp_path):
    maps = mapped_libraries("import flowfile", tmp_path)
    assert "libduckdb" in maps
    for library in ON_DEMAND:
        assert library not in maps, f"{library} was loaded by `import flowfile`"


def test_a_local_pipeline_loads_no_driver_library(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,x\n2,y\n")
    maps = mapped_libraries(f"""
        import flowfile as ff
        df = ff.scan_csv({str(data)!r}).filter(ff.col("a") > 1).collect()
        assert df.height == 1
    """, tmp_path)
    for library in ON_DEMAND:
        assert library not in maps, f"{library} was loaded by a local CSV pipeline"


def test_the_cli_loads_no_driver_library_for_help():
    cli = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
    assert cli, "FLOWFILE_CLI must name the flowfile program (or flowfile be on PATH)"
    out = subprocess.run(["ldd", cli], check=True, capture_output=True, text=True).stdout
    for library in ON_DEMAND:
        assert library not in out, f"the flowfile program links {library}"
