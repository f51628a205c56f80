"""A preview reads only what it shows: the LIMIT reaches the scan. The file's last row does
not fit the column's type, so reading the whole file fails — a preview of any streaming node
of the flow (from Python or `flowfile run --preview`) must not get that far."""

import os
import subprocess

import pytest


@pytest.fixture(scope="module")
def poisoned_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("preview") / "big.csv"
    with open(path, "w") as out:
        out.write("a,b\n")
        out.write("".join(f"{i},{i % 7}\n" for i in range(3_000_000)))
        out.write("oops,1\n")  # ~29 MB in: only a full read meets it
    return path


def test_preview_stops_at_the_rows_it_shows(ff, poisoned_csv, tmp_path):
    frame = (ff.scan_csv(str(poisoned_csv), schema_overrides={"a": ff.Int64})
             .filter(ff.col("b") > 2, description="Keep some")
             .with_columns((ff.col("a") * 2).alias("c"), description="Double"))
    with pytest.raises(Exception, match="oops"):
        frame.collect()  # the whole file: the poisoned row is reached
    assert frame.head(5).collect().height == 5

    flow = tmp_path / "preview.yaml"
    frame.save_graph(str(flow))
    env = dict(os.environ, FLOWFILE_KEYRING="0")
    run = subprocess.run([os.environ.get("FLOWFILE_CLI", "flowfile"), "run", str(flow),
                          "--preview", "5"], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "oops" not in run.stdout + run.stderr
