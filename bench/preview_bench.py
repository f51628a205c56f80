"""The Designer's node preview over a 10M-row flow: POST /api/v1/flows/preview (first 100 rows,
total count and column stats) against `flowfile ui` on a private home; prints the median and
the slowest of N calls per node.

Target (issue 17): a node over a 10M-row flow answers in <= 300 ms. Exit status 1 when missed.
The 10M-row Parquet file is made by DuckDB (through the flowfile module) and kept in --data.

  PYTHONPATH=build/dev/python FLOWFILE_CLI=build/dev/cli/flowfile \\
      python3 bench/preview_bench.py [--rows 10000000] [--calls 7]
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_api_bench import start  # noqa: E402

TARGET_MS = 300

FLOW = """flowfile_version: 0.1.0
flowfile_id: 1
flowfile_name: preview bench
flowfile_settings: {{parameters: [{{name: min_amount, default_value: '100', type: float}}]}}
nodes:
  - {{id: 1, type: read, description: Read orders, input_ids: [], outputs: [2],
      setting_input: {{received_file: {{path: {parquet}, file_type: parquet}}}}}}
  - {{id: 2, type: filter, description: Big orders, input_ids: [1], outputs: [3],
      setting_input: {{filter_input: {{mode: advanced, advanced_filter: '[amount] > ${{min_amount}}'}}}}}}
  - {{id: 3, type: formula, description: With tax, input_ids: [2],
      setting_input: {{function: {{field: {{name: gross, data_type: Float64}}, function: '[amount] * 1.2'}}}}}}
"""


def make_parquet(path, rows):
    import flowfile as ff
    ff.from_dict({"x": [0]}).sql(
        f"SELECT range AS id, (range * 7919) % 1000003 / 100.0 AS amount, "
        f"['north', 'south', 'east', 'west'][range % 4 + 1] AS region, "
        f"CASE WHEN range % 10 = 0 THEN NULL ELSE DATE '2024-01-01' + (range % 365)::INT END AS day "
        f"FROM range({rows})").write_parquet(path)


def cpu_ms(pid):
    """The process's user + system CPU time so far, in ms (the machine is shared: wall time
    depends on other work, CPU time much less)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def call(port, token, csrf, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    data = json.dumps(body)
    started = time.perf_counter()
    conn.request("POST", "/api/v1/flows/preview", data, headers={
        "Authorization": f"Bearer {token}", "Host": f"127.0.0.1:{port}",
        "Content-Type": "application/json", "X-Flowfile-CSRF": csrf})
    response = conn.getresponse()
    text = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    if response.status != 200:
        raise SystemExit(f"preview failed: {response.status} {text[:300]!r}")
    return elapsed, json.loads(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--calls", type=int, default=7)
    parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "flowfile-bench"))
    args = parser.parse_args()
    cli = os.environ.get("FLOWFILE_CLI", "build/dev/cli/flowfile")
    os.makedirs(args.data, exist_ok=True)
    parquet = os.path.join(args.data, f"orders_{args.rows}.parquet")
    if not os.path.exists(parquet):
        make_parquet(parquet, args.rows)
    home = tempfile.mkdtemp(prefix="ff-preview-bench-")
    os.makedirs(os.path.join(home, "flows"))
    with open(os.path.join(home, "flows", "bench.yaml"), "w") as f:
        f.write(FLOW.format(parquet=parquet))
    proc, port, token = start(cli, home)
    missed = False
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/v1/session", headers={"Authorization": f"Bearer {token}",
                                                        "Host": f"127.0.0.1:{port}"})
        csrf = json.loads(conn.getresponse().read())["csrf_token"]
        for node in (1, 2, 3):
            body = {"path": "flows/bench.yaml", "node_id": node, "limit": 100}
            call(port, token, csrf, body)  # warm: the file's pages, DuckDB's metadata cache
            times, answer = [], None
            cpu_before = cpu_ms(proc.pid)
            for _ in range(args.calls):
                elapsed, answer = call(port, token, csrf, body)
                times.append(elapsed)
            cpu = (cpu_ms(proc.pid) - cpu_before) / args.calls
            median = statistics.median(times)
            print(f"node {node}: {answer['total_rows']:>10,} rows, {len(answer['columns'])} columns: "
                  f"median {median:.0f} ms, slowest {max(times):.0f} ms "
                  f"(server {answer['ms']} ms; CPU {cpu:.0f} ms a call)")
            missed = missed or median > TARGET_MS
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    load = os.getloadavg()[0]
    print(f"target: median <= {TARGET_MS} ms: {'missed' if missed else 'met'} "
          f"({os.cpu_count()} cores, load average {load:.1f})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
