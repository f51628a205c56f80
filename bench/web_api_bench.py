"""The web API under load: `flowfile ui` on a private home, N concurrent keep-alive clients
asking metadata routes; prints p50/p99 latency per route and the idle server's RSS.

Targets (issue 17): p99 <= 20 ms with 50 clients on loopback; idle RSS <= 60 MiB. Exit status 1
when a target is missed.

  FLOWFILE_CLI=build/dev/cli/flowfile python3 bench/web_api_bench.py [--clients 50] [--requests 40]
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


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    args = parser.parse_args()
    cli = os.environ.get("FLOWFILE_CLI") or shutil.which("flowfile")
    work = tempfile.mkdtemp()
    try:
        proc, port, token = start(cli, os.path.join(work, "home"))
        time.sleep(0.5)
        idle = rss_mib(proc.pid)
        timings = {}
        barrier = threading.Barrier(args.clients)
        threads = [threading.Thread(target=client, args=(port, token, args.requests, timings, barrier))
                   for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        proc.terminate()
        proc.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"clients": args.clients, "idle_rss_mib": round(idle, 1), "routes": {}}
    ok = idle <= 60
    metadata = []
    for route, values in timings.items():
        report["routes"][route] = {"p50_ms": round(percentile(values, 50), 2),
                                   "p99_ms": round(percentile(values, 99), 2), "n": len(values)}
        if route != "/api/v1/nodes":  # the registry is a large document, not metadata
            metadata += values
    report["metadata_p99_ms"] = round(percentile(metadata, 99), 2)
    ok = ok and report["metadata_p99_ms"] <= 20
    print(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
