"""The web API under load: `flowfile ui` on a private home, N concurrent keep-alive clients
asking metadata routes back to back; prints p50/p99 latency per route, the requests per second,
and the server's RSS after start and after the load.

Targets (issue 17): p99 <= 20 ms with 50 clients on loopback; idle RSS <= 60 MiB. Exit status 1
when a target is missed.

The clients are bench_http_load (C++, built beside the CLI: <build>/bench/bench_http_load), so
they cost the machine little; --python-clients uses threads of this interpreter instead (on
two cores their own scheduling then shows up in the latency).

  FLOWFILE_CLI=build/dev/cli/flowfile python3 bench/web_api_bench.py [--clients 50] [--requests 200]

--slow-previews N adds N Designer pages previewing a slow node (a 27-billion-row cross join)
during the load, each replaced every --replace-ms by DELETE /api/v1/flows/preview/{key} and a
new one, as a user clicking from node to node; the report counts the previews cancelled.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROUTES = ["/api/v1/session", "/api/v1/connections/database", "/api/v1/secrets",
          "/api/v1/catalog/namespaces", "/api/v1/nodes"]


def start(cli, home):
    env = dict(os.environ, FLOWFILE_HOME=home, FLOWFILE_KEYRING="0")
    env.pop("DISPLAY", None)
    out = open(os.path.join(os.path.dirname(home), "ui.out"), "w+")
    proc = subprocess.Popen([cli, "ui", "--port", "0", "--no-browser"], stdout=out,
                            stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        out.seek(0)
        match = re.search(r"^Flowfile UI: (\S+)$", out.read(), re.M)
        if match:
            url = urllib.parse.urlparse(match.group(1))
            return proc, url.port, urllib.parse.parse_qs(url.query)["token"][0]
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("flowfile ui did not start")


def slow_flow_file(home):
    """Three 3000-row inputs cross joined and filtered: a count over it takes minutes."""
    def values(name):
        return {"id": len(nodes) + 1, "type": "manual_input", "input_ids": [], "outputs": [4],
                "setting_input": {"raw_data_format": {
                    "columns": [{"name": name, "data_type": "Int64"}],
                    "data": [list(range(3000))]}}}
    nodes = []
    for name in "xyz":
        nodes.append(values(name))
    nodes.append({"id": 4, "type": "cross_join", "input_ids": [1],
                  "right_input_id": 2, "outputs": [5], "setting_input": {}})
    nodes[2]["outputs"] = [5]
    nodes.append({"id": 5, "type": "cross_join", "input_ids": [4],
                  "right_input_id": 3, "outputs": [6], "setting_input": {}})
    nodes.append({"id": 6, "type": "filter", "description": "slow", "input_ids": [5],
                  "outputs": [], "setting_input": {"filter_input": {
                      "mode": "advanced", "advanced_filter": "([x] + [y] + [z]) % 7 = 3"}}})
    os.makedirs(os.path.join(home, "flows"), exist_ok=True)
    with open(os.path.join(home, "flows", "slow.yaml"), "w") as f:  # YAML reads JSON
        json.dump({"flowfile_version": "0.1.0", "flowfile_id": 1, "flowfile_name": "slow",
                   "nodes": nodes}, f)
    return "flows/slow.yaml"


class SlowPreviews:
    """`pages` threads, each previewing the slow node under its own key and replacing it."""

    def __init__(self, port, token, pages, replace_ms):
        self.port, self.token, self.replace_ms = port, token, replace_ms
        self.stop = threading.Event()
        self.statuses = {}
        self.lock = threading.Lock()
        self.csrf = self.call("GET", "/api/v1/session")[1]["csrf_token"]
        self.threads = [threading.Thread(target=self.page, args=(f"bench-{i}",), daemon=True)
                        for i in range(pages)]
        for t in self.threads:
            t.start()

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {"Authorization": f"Bearer {self.token}", "Host": f"127.0.0.1:{self.port}",
                   "Content-Type": "application/json"}
        if method != "GET":
            headers["X-Flowfile-CSRF"] = self.csrf
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=headers)
        response = conn.getresponse()
        text = response.read()
        conn.close()
        return response.status, json.loads(text or b"null")

    def page(self, key):
        body = {"path": "flows/slow.yaml", "node_id": 6, "key": key}
        while not self.stop.is_set():
            replacer = threading.Timer(self.replace_ms / 1000, self.call,
                                       ("DELETE", f"/api/v1/flows/preview/{key}"))
            replacer.start()
            try:
                status = self.call("POST", "/api/v1/flows/preview", body)[0]
            except OSError:
                status = "dropped"
            replacer.cancel()
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1

    def finish(self):
        self.stop.set()
        return {str(k): v for k, v in self.statuses.items()}


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def client(port, token, requests, timings, barrier):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Host": f"127.0.0.1:{port}"}
    barrier.wait()
    for i in range(requests):
        route = ROUTES[i % len(ROUTES)]
        start = time.perf_counter()
        conn.request("GET", route, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise RuntimeError(f"{route}: {response.status}")
        timings.setdefault(route, []).append(elapsed)
    conn.close()


def load_program(cli):
    build = os.environ.get("FLOWFILE_BUILD_DIR") or os.path.dirname(os.path.dirname(cli))
    program = os.path.join(build, "bench", "bench_http_load")
    return program if os.access(program, os.X_OK) else None


def native_load(program, port, token, clients, requests):
    out = subprocess.run([program, str(port), token, str(clients), str(requests), "0", *ROUTES],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"bench_http_load failed: {out.stderr or out.stdout}")
    return json.loads(out.stdout)


def python_load(port, token, clients, requests):
    timings = {}
    barrier = threading.Barrier(clients)
    threads = [threading.Thread(target=client, args=(port, token, requests, timings, barrier))
               for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    routes = {r: {"n": len(v), "p50_ms": percentile(v, 50), "p99_ms": percentile(v, 99),
                  "max_ms": max(v), "all": v} for r, v in timings.items()}
    return {"routes": routes, "requests_per_s": sum(len(v) for v in timings.values()) / wall}


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200, help="per client")
    parser.add_argument("--python-clients", action="store_true",
                        help="threads of this interpreter instead of bench_http_load")
    parser.add_argument("--slow-previews", type=int, default=0,
                        help="Designer pages previewing a slow node during the load")
    parser.add_argument("--replace-ms", type=int, default=700,
                        help="how often each page replaces its slow preview")
    args = parser.parse_args()
    cli = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
    program = None if args.python_clients else load_program(cli)
    work = tempfile.mkdtemp()
    try:
        home = os.path.join(work, "home")
        if args.slow_previews:
            slow_flow_file(home)
        proc, port, token = start(cli, home)
        time.sleep(0.5)
        idle = rss_mib(proc.pid)
        previews = None
        if args.slow_previews:
            previews = SlowPreviews(port, token, args.slow_previews, args.replace_ms)
            time.sleep(1.0)  # the previews reach their long queries
        if program:
            result = native_load(program, port, token, args.clients, args.requests)
        else:
            result = python_load(port, token, args.clients, args.requests)
        previews_report = previews.finish() if previews else None
        time.sleep(0.5)
        after = rss_mib(proc.pid)
        proc.terminate()
        proc.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"clients": args.clients, "load": "bench_http_load" if program else "python threads",
              "idle_rss_mib": round(idle, 1), "rss_after_load_mib": round(after, 1),
              "requests_per_s": round(result["requests_per_s"]), "routes": {}}
    if previews_report is not None:
        report["slow_previews"] = {"pages": args.slow_previews, "replace_ms": args.replace_ms,
                                   "answers_by_status": previews_report}
    metadata_p99 = 0.0
    for route, r in sorted(result["routes"].items()):
        report["routes"][route] = {k: round(r[k], 2) for k in ("p50_ms", "p99_ms", "max_ms")}
        report["routes"][route]["n"] = r["n"]
        if route != "/api/v1/nodes":  # the registry is a large document, not metadata
            metadata_p99 = max(metadata_p99, r["p99_ms"])
    report["metadata_p99_ms"] = round(metadata_p99, 2)  # the worst metadata route's p99
    report["targets"] = {"metadata_p99_ms": 20, "idle_rss_mib": 60}
    ok = metadata_p99 <= 20 and idle <= 60 and after <= 60
    print(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
