"""rest_api_reader: rows from a JSON REST API, against a local HTTP server this file starts
(python's http.server on 127.0.0.1, an ephemeral port, in a child process so a blocked call
can never starve it). Every pagination style, auth from a named secret (never in errors,
output or the Flowfile home), retries on 429/503 honouring Retry-After, bad JSON named by node
and URL, and the refusal to save a flow holding a literal credential.

The server run directly: python3 test_flow_rest_api.py PORT_FILE LOG_FILE
"""

import base64
import http.server
import json
import pathlib
import subprocess
import sys
import time
import urllib.parse

import pytest

from conftest import all_files, cli_path

TOKEN = "tok-9f8e7d6c5b4a-secret"
ITEMS = [{"id": i, "name": f"item{i}"} for i in range(1, 8)]  # 7 records


# --- the server -------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    counts: dict = {}
    log_path = ""

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length).decode()
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        with open(self.log_path, "a") as log:
            log.write(json.dumps({"path": url.path, "query": q, "method": self.command,
                                  "auth": self.headers.get("Authorization"),
                                  "key": self.headers.get("X-API-Key"),
                                  "custom": self.headers.get("X-Custom"),
                                  "body": getattr(self, "body", None)}) + "\n")
        n = Handler.counts[url.path] = Handler.counts.get(url.path, 0) + 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        route = url.path
        if route == "/offset":
            o, l = int(q["offset"]), int(q["limit"])
            return self.reply(200, {"data": {"items": ITEMS[o:o + l]}})
        if route == "/page":
            p = int(q["page"])
            return self.reply(200, {"results": ITEMS[(p - 1) * 3:p * 3]})
        if route in ("/cursor", "/cursor_header"):
            start = int(q.get("cursor", "0"))
            nxt = str(start + 3) if start + 3 < len(ITEMS) else None
            if route == "/cursor":
                return self.reply(200, {"items": ITEMS[start:start + 3], "meta": {"next": nxt}})
            return self.reply(200, ITEMS[start:start + 3], {"X-Next": nxt} if nxt else {})
        if route in ("/next_url", "/link"):
            start = int(q.get("at", "0"))
            nxt = f"{base}{route}?at={start + 3}" if start + 3 < len(ITEMS) else None
            if route == "/next_url":
                return self.reply(200, {"items": ITEMS[start:start + 3], "next": nxt})
            links = {"Link": f'<{nxt}>; rel="next", <{base}/x>; rel="last"'} if nxt else {}
            return self.reply(200, ITEMS[start:start + 3], links)
        if route == "/bearer":
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self.reply(401, {"error": "unauthorized"})
            return self.reply(200, ITEMS[:2])
        if route == "/basic":
            want = "Basic " + base64.b64encode(f"ann:{TOKEN}".encode()).decode()
            return self.reply(200 if self.headers.get("Authorization") == want else 401, ITEMS[:1])
        if route == "/apikey":
            ok = self.headers.get("X-API-Key") == TOKEN or q.get("api_key") == TOKEN
            return self.reply(200 if ok else 403, ITEMS[:3])
        if route == "/flaky":
            if n == 1:
                return self.reply(429, {"error": "slow down"}, {"Retry-After": "1"})
            if n == 2:
                return self.reply(503, {"error": "busy"})
            return self.reply(200, ITEMS[:2])
        if route == "/down":
            return self.reply(503, {"error": "busy"})
        if route == "/badjson":
            return self.reply(200, b"<html>not json</html>")
        if route == "/nested":
            return self.reply(200, {"data": [
                {"id": 1, "user": {"name": "ann", "geo": {"lat": 1.5}}, "tags": ["a", "b"], "v": 1},
                {"id": 2, "user": {"name": "bob"}, "tags": [], "v": 2.5, "extra": True}]})
        if route == "/echo":
            return self.reply(200, {"got": json.loads(self.body)})
        return self.reply(404, {"error": "no route"})


def serve(port_file, log_file):
    Handler.log_path = log_file
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pathlib.Path(port_file).write_text(str(server.server_port))
    server.serve_forever()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])


# --- fixtures and helpers ---------------------------------------------------------------------

@pytest.fixture
def api(tmp_path):
    port_file, log_file = tmp_path / "port", tmp_path / "requests.jsonl"
    log_file.write_text("")
    proc = subprocess.Popen([sys.executable, __file__, str(port_file), str(log_file)])
    for _ in range(200):
        if port_file.exists() and port_file.read_text():
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the local HTTP server did not start")

    class Api:
        base = f"http://127.0.0.1:{port_file.read_text()}"

        @staticmethod
        def requests(path=None):
            rows = [json.loads(l) for l in log_file.read_text().splitlines() if l]
            return [r for r in rows if path is None or r["path"] == path]

    yield Api
    proc.terminate()
    proc.wait(timeout=10)


def rest_flow(tmp_path, settings, name="rest.json", fields=None):
    node = {"id": 1, "type": "rest_api_reader", "description": "api", "input_ids": [],
            "outputs": [], "setting_input": {"rest_api_settings": settings}}
    if fields is not None:
        node["setting_input"]["fields"] = fields
    doc = {"flowfile_version": "0.12.0", "flowfile_id": 1, "flowfile_name": "rest",
           "flowfile_settings": {}, "nodes": [node]}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def rows(ff, path):
    return ff.open_flow(path).frame(1).collect().to_dicts()


# --- pagination ---------------------------------------------------------------------------------

def test_offset_pagination_reads_every_page_at_the_record_path(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/offset", "record_path": "data.items",
                                "pagination": {"pagination_type": "offset", "page_size": 3}})
    assert rows(ff, path) == ITEMS
    assert [(r["query"]["offset"], r["query"]["limit"]) for r in api.requests()] == [
        ("0", "3"), ("3", "3"), ("6", "3")]


def test_page_number_pagination_stops_on_an_empty_page(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/page", "record_path": "results",
                                "query_params": {"q": "x y"},
                                "pagination": {"pagination_type": "page", "page_param": "page"}})
    assert rows(ff, path) == ITEMS
    assert [r["query"] for r in api.requests()] == [
        {"q": "x y", "page": str(p)} for p in (1, 2, 3, 4)]


@pytest.mark.parametrize("route, location, where", [
    ("/cursor", "body", "meta.next"), ("/cursor_header", "header", "X-Next")])
def test_cursor_pagination_from_body_or_header(ff, tmp_path, api, route, location, where):
    path = rest_flow(tmp_path, {"url": f"{api.base}{route}",
                                "record_path": "items" if location == "body" else "",
                                "pagination": {"pagination_type": "cursor", "cursor_param": "cursor",
                                               "cursor_location": location,
                                               "cursor_response_path": where}})
    assert rows(ff, path) == ITEMS
    assert [r["query"].get("cursor") for r in api.requests()] == [None, "3", "6"]


@pytest.mark.parametrize("route, location, where", [
    ("/next_url", "body", "next"), ("/link", "header", "Link")])
def test_next_url_pagination_from_body_or_link_header(ff, tmp_path, api, route, location, where):
    path = rest_flow(tmp_path, {"url": f"{api.base}{route}",
                                "record_path": "items" if location == "body" else "",
                                "pagination": {"pagination_type": "next_url",
                                               "cursor_location": location,
                                               "cursor_response_path": where}})
    assert rows(ff, path) == ITEMS
    assert [r["query"].get("at") for r in api.requests()] == [None, "3", "6"]


def test_max_pages_and_max_records_bound_the_read(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/offset", "record_path": "data.items",
                                "pagination": {"pagination_type": "offset", "page_size": 2,
                                               "max_pages": 2}})
    assert [r["id"] for r in rows(ff, path)] == [1, 2, 3, 4]
    path = rest_flow(tmp_path, {"url": f"{api.base}/offset", "record_path": "data.items",
                                "pagination": {"pagination_type": "offset", "page_size": 2,
                                               "max_records": 3}})
    assert [r["id"] for r in rows(ff, path)] == [1, 2, 3]


def test_nested_objects_flatten_as_json_normalize(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/nested", "record_path": "data"})
    df = ff.open_flow(path).frame(1).collect()
    assert df.columns == ["id", "user.name", "user.geo.lat", "tags", "v", "extra"]
    got = df.to_dicts()
    assert got[0] == {"id": 1, "user.name": "ann", "user.geo.lat": 1.5, "tags": ["a", "b"],
                      "v": 1.0, "extra": None}
    assert got[1]["user.geo.lat"] is None and got[1]["tags"] == [] and got[1]["extra"] is True


def test_post_sends_the_json_body(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/echo", "method": "POST",
                                "json_body": {"filter": {"a": 1}}})
    assert rows(ff, path) == [{"got.filter.a": 1}]
    assert api.requests("/echo")[0]["method"] == "POST"


# --- auth and secrets ---------------------------------------------------------------------------

def assert_secret_absent(home, *texts):
    for text in texts:
        assert TOKEN not in text
    for f in all_files(home):
        data = f.read_bytes()
        assert TOKEN.encode() not in data, f"{f} holds the secret"
        assert base64.b64encode(TOKEN.encode()) not in data


@pytest.mark.parametrize("route, auth, sent", [
    ("/bearer", {"auth_type": "bearer"}, lambda r: r["auth"] == f"Bearer {TOKEN}"),
    ("/basic", {"auth_type": "basic", "basic_username": "ann"},
     lambda r: r["auth"].startswith("Basic ")),
    ("/apikey", {"auth_type": "api_key"}, lambda r: r["key"] == TOKEN),
    ("/apikey", {"auth_type": "api_key", "api_key_name": "api_key", "api_key_location": "query"},
     lambda r: r["query"]["api_key"] == TOKEN),
])
def test_auth_sends_the_named_secret(ff, home, tmp_path, api, route, auth, sent):
    ff.secrets.set("svc_token", TOKEN)
    path = rest_flow(tmp_path, {"url": f"{api.base}{route}",
                                "auth": dict(auth, secret_name="svc_token")})
    assert len(rows(ff, path)) >= 1
    assert sent(api.requests(route)[0])
    assert TOKEN not in path.read_text()
    ff.open_flow(path).save(tmp_path / "saved.yaml")  # a named secret saves
    assert_secret_absent(home, (tmp_path / "saved.yaml").read_text())


def test_a_header_may_name_a_secret(ff, home, tmp_path, api):
    ff.secrets.set("custom", TOKEN)
    path = rest_flow(tmp_path, {"url": f"{api.base}/bearer",
                                "headers": {"Authorization": f"Bearer ${{secret:custom}}",
                                            "X-Custom": "${secret:custom}"}})
    with pytest.raises(ff.FlowfileError):  # "Bearer ${secret:x}" is not a whole-value reference
        rows(ff, path)
    path = rest_flow(tmp_path, {"url": f"{api.base}/apikey", "headers": {"X-API-Key": "${secret:custom}"}})
    assert len(rows(ff, path)) == 3
    assert api.requests("/apikey")[-1]["key"] == TOKEN
    ff.open_flow(path).save(tmp_path / "ok.json")


def test_wrong_or_missing_secret_fails_without_showing_it(ff, home, tmp_path, api):
    ff.secrets.set("svc_token", TOKEN + "-old")
    path = rest_flow(tmp_path, {"url": f"{api.base}/bearer",
                                "auth": {"auth_type": "bearer", "secret_name": "svc_token"}})
    with pytest.raises(ff.PermissionDeniedError) as info:
        rows(ff, path)
    assert "node 1 (rest_api_reader 'api')" in str(info.value) and "HTTP 401" in str(info.value)
    assert f"{api.base}/bearer" in str(info.value)
    path = rest_flow(tmp_path, {"url": f"{api.base}/bearer",
                                "auth": {"auth_type": "bearer", "secret_name": "svc_tokn"}})
    with pytest.raises(ff.NotFoundError, match="svc_token"):
        rows(ff, path)
    proc = subprocess.run([cli_path(), "run", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "secret_name" in proc.stderr
    assert_secret_absent(home, str(info.value), proc.stdout, proc.stderr)


@pytest.mark.parametrize("settings, what", [
    ({"headers": {"Authorization": f"Bearer {TOKEN}"}}, "headers.Authorization"),
    ({"headers": {"x-api-key": TOKEN}}, "headers.x-api-key"),
    ({"query_params": {"access_token": TOKEN}}, "query_params.access_token"),
    ({"auth": {"auth_type": "bearer", "secret": TOKEN}}, "auth.secret"),
    ({"url": "http://ann:pw@127.0.0.1/x"}, "password in rest_api_settings.url"),
])
def test_a_flow_holding_a_literal_credential_is_refused_on_save(ff, tmp_path, settings, what):
    path = rest_flow(tmp_path, dict({"url": "http://127.0.0.1:9/x"}, **settings))
    with pytest.raises(ff.InvalidArgumentError) as info:
        ff.open_flow(path).save(tmp_path / "out.yaml")
    assert what in str(info.value) and "refusing to save" in str(info.value)
    assert TOKEN not in str(info.value) and not (tmp_path / "out.yaml").exists()


def test_ordinary_headers_and_params_save(ff, tmp_path):
    path = rest_flow(tmp_path, {"url": "http://127.0.0.1:9/x", "headers": {"Accept-Language": "nl"},
                                "query_params": {"author": "ann", "currency": "EUR"}})
    ff.open_flow(path).save(tmp_path / "out.yaml")
    assert (tmp_path / "out.yaml").exists()


# --- retries and errors -------------------------------------------------------------------------

def test_429_and_503_are_retried_honouring_retry_after(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/flaky", "max_retries": 3})
    start = time.monotonic()
    assert [r["id"] for r in rows(ff, path)] == [1, 2]
    assert time.monotonic() - start >= 1.0  # Retry-After: 1
    assert len(api.requests("/flaky")) == 3


def test_retries_are_bounded(ff, tmp_path, api):
    path = rest_flow(tmp_path, {"url": f"{api.base}/down", "max_retries": 1})
    with pytest.raises(ff.FlowfileError, match=r"HTTP 503 after 1 retries"):
        rows(ff, path)
    assert len(api.requests("/down")) == 2


def test_bad_json_names_node_and_url_without_credentials(ff, home, tmp_path, api):
    ff.secrets.set("svc_token", TOKEN)
    path = rest_flow(tmp_path, {"url": f"{api.base}/badjson?lang=nl",
                                "auth": {"auth_type": "api_key", "api_key_name": "api_key",
                                         "api_key_location": "query", "secret_name": "svc_token"}})
    with pytest.raises(ff.InvalidArgumentError) as info:
        rows(ff, path)
    message = str(info.value)
    assert "node 1 (rest_api_reader 'api')" in message and "not valid JSON" in message
    assert f"{api.base}/badjson?lang=nl" in message and "<html>" in message
    assert api.requests("/badjson")[0]["query"]["api_key"] == TOKEN  # it was sent
    assert_secret_absent(home, message)


def bearer_flow_writing_csv(ff, tmp_path, api, name):
    """A bearer-authenticated read of the API (secret svc_token) written to <name>.csv."""
    ff.secrets.set("svc_token", TOKEN)
    doc = json.loads(rest_flow(tmp_path, {"url": f"{api.base}/bearer",
                                          "auth": {"auth_type": "bearer",
                                                   "secret_name": "svc_token"}}).read_text())
    doc["nodes"][0]["outputs"] = [2]
    doc["nodes"].append({"id": 2, "type": "output", "input_ids": [1], "outputs": [],
                         "setting_input": {"output_settings": {
                             "name": f"{name}.csv", "directory": str(tmp_path),
                             "file_type": "csv", "write_mode": "overwrite",
                             "table_settings": {"file_type": "csv"}}}})
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc))
    return path, tmp_path / f"{name}.csv"


def test_cli_run_writes_the_api_rows(ff, home, tmp_path, api):
    path, out = bearer_flow_writing_csv(ff, tmp_path, api, "cli")
    proc = subprocess.run([cli_path(), "run", str(path)], capture_output=True, text=True,
                          timeout=60, env=dict(__import__("os").environ, FLOWFILE_HOME=str(home)))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().replace('"', "").splitlines() == ["id,name", "1,item1", "2,item2"]
    assert_secret_absent(home, proc.stdout, proc.stderr)


def test_the_node_type_is_registered_with_its_schema(ff):
    info = [t for t in ff.node_types() if t["key"] == "rest_api_reader"][0]
    assert info["group"] == "input" and info["runnable"]
    schema = info["settings_schema"]
    pagination = schema["properties"]["rest_api_settings"]["properties"]["pagination"]
    assert pagination["properties"]["pagination_type"]["enum"] == [
        "none", "offset", "page", "cursor", "next_url"]


def test_generated_python_reads_the_api_by_secret_name(ff, home, tmp_path, api):
    path, out = bearer_flow_writing_csv(ff, tmp_path, api, "gen")
    flow = ff.open_flow(path)
    code = flow.to_code("python")
    assert "svc_token" in code
    assert_secret_absent(home, code)
    (tmp_path / "flow.py").write_text(code)
    proc = subprocess.run([sys.executable, "flow.py"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120,
                          env=dict(__import__("os").environ, FLOWFILE_HOME=str(home)))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().replace('"', "").splitlines() == ["id,name", "1,item1", "2,item2"]
    with pytest.raises(ff.FlowfileError, match=r"api.*cannot be generated as SQL.*REST API"):
        flow.to_code("sql")
