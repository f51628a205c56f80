"""The web API under load: `flowfile ui` on a private home, N concurrent keep-alive clients
asking metadata routes back to back; prints p50/p99 latency per route, the requests per second,
and the server's RSS after start and after the load.

Targets (issue 17): p99 <= 20 ms with 50 clients on loopback; idle RSS <= 60 MiB. Exit status 1
when a target is missed.

The clients are bench_http_load (C++, built beside the CLI: <build>/bench/bench_http_load), so
they cost the machine little; --python-clients uses threads of this interpreter instead (on
two cores their own scheduling then shows up in the latency).

  FLOWFILE_CLI=build/dev/cli/flowfile python3 bench/web_api_bench.py [--clients 50] [--requests 200]
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
    args = parser.parse_args()
    cli = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
    program = None if args.python_clients else load_program(cli)
    work = tempfile.mkdtemp()
    try:
        proc, port, token = start(cli, os.path.join(work, "home"))
        time.sleep(0.5)
        idle = rss_mib(proc.pid)
        if program:
            result = native_load(program, port, token, args.clients, args.requests)
        else:
            result = python_load(port, token, args.clients, args.requests)
        time.sleep(0.5)
        after = rss_mib(proc.pid)
        proc.terminate()
        proc.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"clients": args.clients, "load": "bench_http_load" if program else "python threads",
              "idle_rss_mib": round(idle, 1), "rss_after_load_mib": round(after, 1),
              "requests_per_s": round(result["requests_per_s"]), "routes": {}}
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
