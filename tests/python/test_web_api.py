"""The web API of `flowfile ui`, against the real server process on a temp Flowfile home.

Every test starts `flowfile ui --port 0 --no-browser`, reads the URL it prints and talks HTTP
to it with http.client (so Host and Origin can be set by hand). Responses and the server's
own output are kept, so secret values can be searched for in everything the server said."""

import http.client
import json
import os
import pathlib
import re
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse

import pytest

from conftest import cli_path

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = cli_path()
pytestmark = pytest.mark.skipif(not shutil.which(CLI),
                                reason="set FLOWFILE_CLI to the built flowfile binary")

DB_PASSWORD = "pw-Web-7c1e9f-Plaintext"
S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}
PG = {k: os.environ.get(f"FLOWFILE_TEST_PG_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
SECRET_VALUE = "tok-Web-4b2d8a-Plaintext"
AWS_SECRET = "aws-Web-91aa03-Plaintext"


class UiServer:
    """One `flowfile ui` process; request() returns (status, headers, text)."""

    def __init__(self, home, tmp_path, args=("--no-browser",), extra_env=None):
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "FLOWFILE_WEB_DIR",
                            "FLOWFILE_MASTER_KEY", "FLOWFILE_MASTER_KEY_PREVIOUS")}
        env.update({"FLOWFILE_HOME": str(home), "FLOWFILE_KEYRING": "0"}, **(extra_env or {}))
        self.out_path = tmp_path / "ui.stdout"
        self.err_path = tmp_path / "ui.stderr"
        self.proc = subprocess.Popen([CLI, "ui", "--port", "0", *args],
                                     stdout=open(self.out_path, "w"),
                                     stderr=open(self.err_path, "w"), env=env)
        self.bodies = []
        deadline = time.time() + 30
        while True:
            match = re.search(r"^Flowfile UI: (http://\S+)$", self.out_path.read_text(), re.M)
            if match:
                break
            if self.proc.poll() is not None or time.time() > deadline:
                raise AssertionError("flowfile ui did not print its URL:\n"
                                     + self.out_path.read_text() + self.err_path.read_text())
            time.sleep(0.05)
        self.url = match.group(1)
        parsed = urllib.parse.urlparse(self.url)
        self.port = parsed.port
        self.token = urllib.parse.parse_qs(parsed.query)["token"][0]
        self.host = f"127.0.0.1:{self.port}"
        self._csrf = None

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("flowfile ui did not stop on SIGTERM")

    def log(self):
        return self.out_path.read_text() + self.err_path.read_text()

    def request(self, method, path, body=None, headers=None, auth=True, csrf=True,
                host=None, raw_body=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        all_headers = {"Host": host or self.host}
        if auth:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if csrf and method not in ("GET", "HEAD"):
            all_headers["X-Flowfile-CSRF"] = self.csrf()
        data = raw_body if raw_body is not None else (
            None if body is None else json.dumps(body).encode())
        if data is not None:
            all_headers["Content-Type"] = "application/json"
            all_headers["Content-Length"] = str(len(data))
        elif method in ("POST", "PUT", "PATCH"):
            all_headers["Content-Length"] = "0"  # as browsers send a body-less POST
        all_headers.update(headers or {})
        for name, value in all_headers.items():
            if value is not None:
                conn.putheader(name, value)
        conn.endheaders()
        if data is not None:
            conn.send(data)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        conn.close()
        self.bodies.append(text)
        return response.status, response.headers, text

    def json(self, method, path, body=None, expect=200, **kwargs):
        status, _, text = self.request(method, path, body, **kwargs)
        assert status == expect, f"{method} {path}: {status} {text}"
        return json.loads(text)

    def csrf(self):
        if self._csrf is None:
            self._csrf = self.json("GET", "/api/v1/session")["csrf_token"]
        return self._csrf

    def assert_never_said(self, value):
        for body in self.bodies:
            assert value not in body, f"the API returned {value!r}: {body[:300]}"
        assert value not in self.log(), "the server log holds a secret value"


@pytest.fixture
def ui(home, tmp_path):
    server = UiServer(home, tmp_path)
    yield server
    server.stop()


def openapi_operations(ui):
    doc = ui.json("GET", "/api/v1/openapi.json")
    return [(method.upper(), path) for path, item in doc["paths"].items() for method in item]


def concrete(path):
    return re.sub(r"\{[^}]+\}", "x", path)


# ---- the route table and authentication ------------------------------------------------

def test_openapi_is_3_1_and_has_the_contract_routes(ui):
    doc = ui.json("GET", "/api/v1/openapi.json")
    assert doc["openapi"].startswith("3.1")
    operations = set(openapi_operations(ui))
    for expected in [("GET", "/api/v1/session"), ("GET", "/api/v1/nodes"),
                     ("POST", "/api/v1/connections/database"),
                     ("PUT", "/api/v1/connections/database/{name}"),
                     ("GET", "/api/v1/connections/database/{name}/preview"),
                     ("POST", "/api/v1/connections/cloud/{name}/test"),
                     ("PUT", "/api/v1/secrets/{name}"),
                     ("GET", "/api/v1/catalog/tables/{namespace}/{table}/history"),
                     ("DELETE", "/api/v1/catalog/tables/{namespace}/{table}")]:
        assert expected in operations


def test_every_route_answers_401_without_auth(ui):
    operations = openapi_operations(ui)
    assert len(operations) >= 25
    for method, path in operations:
        body = {} if method in ("POST", "PUT") else None
        status, headers, text = ui.request(method, concrete(path), body, auth=False, csrf=False)
        assert status == 401, f"{method} {path} answered {status} without auth: {text}"
        assert json.loads(text)["error"]["code"] == "unauthenticated"
    # Also routes that do not exist, and a wrong bearer token.
    assert ui.request("GET", "/api/v1/nope", auth=False)[0] == 401
    status, _, _ = ui.request("GET", "/api/v1/session", auth=False,
                              headers={"Authorization": "Bearer " + "0" * 64})
    assert status == 401


def test_token_link_sets_a_strict_http_only_cookie(ui):
    status, headers, _ = ui.request("GET", f"/?token={ui.token}", auth=False)
    assert status == 303 and headers["Location"] == "/"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("ff_session=")
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
        assert flag in cookie
    session = cookie.split(";")[0]
    assert ui.token not in session  # the cookie is a session id, not the printed token
    status, _, text = ui.request("GET", "/api/v1/session", auth=False,
                                 headers={"Cookie": session})
    assert status == 200 and json.loads(text)["csrf_token"]
    assert ui.request("GET", "/api/v1/session", auth=False,
                      headers={"Cookie": "ff_session=forged"})[0] == 401
    assert ui.request("GET", "/?token=wrong", auth=False)[0] == 403


def test_state_changes_need_the_csrf_header(ui):
    body = {"value": "x"}
    status, _, text = ui.request("PUT", "/api/v1/secrets/s", body, csrf=False)
    assert status == 403 and json.loads(text)["error"]["code"] == "csrf"
    status, _, _ = ui.request("PUT", "/api/v1/secrets/s", body, csrf=False,
                              headers={"X-Flowfile-CSRF": "wrong"})
    assert status == 403
    assert ui.request("DELETE", "/api/v1/secrets/s", csrf=False)[0] == 403
    assert ui.request("PUT", "/api/v1/secrets/s", body)[0] == 200


def test_a_foreign_host_is_refused(ui):
    # DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host.
    for path in ("/api/v1/session", "/"):
        status, _, text = ui.request("GET", path, host=f"evil.example:{ui.port}")
        assert status == 403 and json.loads(text)["error"]["code"] == "bad_host"
    assert ui.request("GET", "/api/v1/session", host=f"localhost:{ui.port}")[0] == 200
    assert ui.request("GET", "/api/v1/session", host="127.0.0.1:1")[0] == 403


def test_a_foreign_origin_is_refused(ui):
    status, _, text = ui.request("GET", "/api/v1/session",
                                 headers={"Origin": "http://evil.example"})
    assert status == 403 and json.loads(text)["error"]["code"] == "bad_origin"
    status, _, _ = ui.request("PUT", "/api/v1/secrets/s", {"value": "x"},
                              headers={"Origin": f"http://localhost:{ui.port + 1}"})
    assert status == 403
    assert ui.request("GET", "/api/v1/session", headers={"Origin": f"http://{ui.host}"})[0] == 200


def test_a_huge_body_gets_413(ui):
    big = json.dumps({"value": "x" * (2 << 20)}).encode()
    status, _, text = ui.request("PUT", "/api/v1/secrets/big", raw_body=big)
    assert status == 413
    assert json.loads(text)["error"]["code"] == "too_large"
    assert ui.json("GET", "/api/v1/secrets") == []


def test_security_headers_on_every_response(ui):
    responses = [ui.request("GET", "/"), ui.request("GET", "/api/v1/session"),
                 ui.request("GET", "/api/v1/session", auth=False),
                 ui.request("GET", "/no/such/file.js"),
                 ui.request("GET", "/", host="evil.example")]
    for status, headers, _ in responses:
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_bad_bodies_are_named(ui):
    status, _, text = ui.request("POST", "/api/v1/connections/database",
                                 {"connection_name": "a", "database_type": "sqlite", "port": "x"})
    assert status == 400 and "body.port" in text and "integer" in text
    status, _, text = ui.request("POST", "/api/v1/connections/database", raw_body=b"{nope")
    assert status == 400 and json.loads(text)["error"]["code"] == "invalid_json"
    status, _, text = ui.request("POST", "/api/v1/connections/database", {"database_type": "x"})
    assert status == 400 and "connection_name" in text
    status, _, text = ui.request("GET", "/api/v1/connections/database/nope")
    assert status == 404 and json.loads(text)["error"]["code"] == "not_found"


# ---- resources ----------------------------------------------------------------------------

def test_session_and_nodes(ui, home):
    session = ui.json("GET", "/api/v1/session")
    assert session["workspace"] == str(home)
    assert set(session["key"]) == {"source", "fingerprint"}
    nodes = ui.json("GET", "/api/v1/nodes")
    keys = {n["key"] for n in nodes}
    assert "filter" in keys
    for node in nodes:
        assert {"key", "group", "label", "inputs", "outputs", "settings_schema"} <= set(node)


def make_sqlite(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE orders (id INTEGER, amount REAL, note TEXT)")
    db.executemany("INSERT INTO orders VALUES (?, ?, ?)", [(1, 9.5, "a"), (2, 20.0, None)])
    # A view that takes seconds to compute: the slow request of the blocking test.
    db.execute("CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
               "FROM c WHERE x < 2000000) SELECT count(*) AS n FROM c")
    db.commit()
    db.close()


def test_database_connection_crud_never_shows_the_password(ui, tmp_path):
    path = tmp_path / "shop.sqlite"
    make_sqlite(path)
    base = "/api/v1/connections/database"
    created = ui.json("POST", base, {"connection_name": "shop", "database_type": "sqlite",
                                     "database": str(path), "password": DB_PASSWORD})
    assert "password" not in created and created["has_password"] is False
    # A file database keeps no password; the core's warning comes back with the reply.
    assert any("not stored" in w for w in created["warnings"])
    again = {"connection_name": "shop", "database_type": "sqlite", "database": str(path)}
    assert ui.request("POST", base, again)[0] == 409
    assert [c["connection_name"] for c in ui.json("GET", base)] == ["shop"]
    changed = ui.json("PUT", f"{base}/shop", {"ssl_enabled": True, "password": None})
    assert changed["ssl_enabled"] is True and changed["database"] == str(path)
    assert ui.json("GET", f"{base}/shop")["ssl_enabled"] is True
    test = ui.json("POST", f"{base}/shop/test")
    assert test["ok"] is True and test["server_version"]
    assert ui.json("GET", f"{base}/shop/schemas") == ["main"]
    assert {"name": "orders", "kind": "table"} in ui.json("GET", f"{base}/shop/tables")
    preview = ui.json("GET", f"{base}/shop/preview?table=orders&limit=1")
    assert [c["name"] for c in preview["columns"]] == ["id", "amount", "note"]
    assert preview["rows"] == [[1, 9.5, "a"]]
    # A PostgreSQL connection stores its password encrypted (no server needed to store it).
    pg = ui.json("POST", base, {"connection_name": "pg", "database_type": "postgresql",
                                "host": "127.0.0.1", "port": 1, "database": "d", "username": "u",
                                "password": DB_PASSWORD})
    assert pg["has_password"] is True and pg["password_ref"] == ""
    kept = ui.json("PUT", f"{base}/pg", {"host": "localhost"})
    assert kept["has_password"] is True and kept["host"] == "localhost"
    failed = ui.json("POST", f"{base}/pg/test")
    assert failed["ok"] is False and failed["message"]
    assert ui.json("DELETE", f"{base}/shop") == {"deleted": True}
    assert ui.request("GET", f"{base}/shop")[0] == 404
    ui.assert_never_said(DB_PASSWORD)


@pytest.mark.skipif(not PG["HOST"], reason="no test PostgreSQL (FLOWFILE_TEST_PG_HOST)")
def test_postgresql_connection_made_in_the_api_is_used_by_python(ui, ff):
    base = "/api/v1/connections/database"
    ui.json("POST", base, {"connection_name": "pg", "database_type": "postgresql",
                           "host": PG["HOST"], "port": int(PG["PORT"]),
                           "database": PG["DATABASE"], "username": PG["USER"],
                           "password": PG["PASSWORD"]})
    # One store: Python finds the connection the API created, by name.
    ff.from_dict({"id": [1, 2], "who": ["x", "y"]}).write_database(
        "pg", "web_api_people", if_exists="replace")
    assert "public" in ui.json("GET", f"{base}/pg/schemas")
    tables = ui.json("GET", f"{base}/pg/tables?schema=public")
    assert {"name": "web_api_people", "kind": "table"} in tables
    preview = ui.json("GET", f"{base}/pg/preview?schema=public&table=web_api_people")
    assert sorted(preview["rows"]) == [[1, "x"], [2, "y"]]
    assert [c["name"] for c in preview["columns"]] == ["id", "who"]
    tested = ui.json("POST", f"{base}/pg/test")
    assert tested["ok"] is True and tested["server_version"], tested
    status, _, text = ui.request("GET", f"{base}/pg/preview?schema=public&table=nope")
    assert status >= 400 and json.loads(text)["error"]["message"]
    ui.assert_never_said(PG["PASSWORD"])


def test_cloud_connection_secret_fields_are_write_only(ui):
    base = "/api/v1/connections/cloud"
    created = ui.json("POST", base, {"connection_name": "lake", "storage_type": "s3",
                                     "auth_method": "access_key", "aws_region": "eu-west-1",
                                     "aws_access_key_id": "AKIAEXAMPLE",
                                     "aws_secret_access_key": AWS_SECRET,
                                     # nothing listens there: the test fails fast, offline
                                     "endpoint_url": "http://127.0.0.1:1",
                                     "aws_allow_unsafe_html": True,
                                     "scopes": ["s3://bucket/"]})
    assert created["secret_fields_set"] == ["aws_secret_access_key"]
    changed = ui.json("PUT", f"{base}/lake", {"aws_region": "us-east-1"})
    assert changed["aws_region"] == "us-east-1" and changed["aws_access_key_id"] == "AKIAEXAMPLE"
    assert changed["secret_fields_set"] == ["aws_secret_access_key"]
    ui.json("GET", base)
    tested = ui.json("POST", f"{base}/lake/test")
    assert tested["ok"] is False and tested["message"]
    assert ui.json("DELETE", f"{base}/lake") == {"deleted": True}
    ui.assert_never_said(AWS_SECRET)


@pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")
def test_cloud_connection_lists_a_bucket(ui, tmp_path):
    ui.json("POST", "/api/v1/connections/cloud",
            {"connection_name": "s3", "storage_type": "s3", "auth_method": "access_key",
             "aws_region": S3["REGION"], "aws_access_key_id": S3["KEY_ID"],
             "aws_secret_access_key": S3["SECRET"], "endpoint_url": S3["ENDPOINT"],
             "aws_allow_unsafe_html": True})
    bucket = "web-" + os.urandom(4).hex()
    local = tmp_path / "a.txt"
    local.write_text("hello")
    boto = (f"import boto3\ns3 = boto3.client('s3', endpoint_url={S3['ENDPOINT']!r}, "
            f"region_name={S3['REGION']!r}, aws_access_key_id={S3['KEY_ID']!r}, "
            f"aws_secret_access_key={S3['SECRET']!r})\n"
            f"s3.create_bucket(Bucket={bucket!r})\n"
            f"s3.upload_file({str(local)!r}, {bucket!r}, 'a.txt')\n"
            f"s3.upload_file({str(local)!r}, {bucket!r}, 'dir/b.txt')\n")
    out = subprocess.run([S3["PYTHON"], "-c", boto], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    listed = ui.json("GET", f"/api/v1/connections/cloud/s3/list?path=s3://{bucket}/")
    assert {(e["path"], e["is_dir"]) for e in listed} == {
        (f"s3://{bucket}/a.txt", False), (f"s3://{bucket}/dir/", True)}
    assert [e["size"] for e in listed if not e["is_dir"]] == [5]
    assert ui.request("GET", "/api/v1/connections/cloud/s3/list")[0] == 400
    ui.assert_never_said(S3["SECRET"])


def test_secrets_are_write_only(ui):
    assert ui.json("PUT", "/api/v1/secrets/api_token", {"value": SECRET_VALUE}) == {"created": True}
    assert ui.json("PUT", "/api/v1/secrets/api_token", {"value": SECRET_VALUE}) == {"created": False}
    listed = ui.json("GET", "/api/v1/secrets")
    assert [s["name"] for s in listed] == ["api_token"]
    assert set(listed[0]) == {"name", "created_at", "updated_at"}
    # A connection may refer to it; the reference shows, the value does not.
    info = ui.json("POST", "/api/v1/connections/database",
                   {"connection_name": "ref", "database_type": "postgresql", "host": "h",
                    "password": "${secret:api_token}"})
    assert info["password_ref"] == "api_token"
    for method, path in openapi_operations(ui):
        if method == "GET" and "{" not in path:
            ui.request("GET", path)
    assert ui.request("GET", "/api/v1/secrets/api_token")[0] == 405
    assert ui.json("DELETE", "/api/v1/secrets/api_token") == {"deleted": True}
    assert ui.request("DELETE", "/api/v1/secrets/api_token")[0] == 404
    # The audit log names what the UI did, and who ("ui:<user>"), never the value.
    events = ui.json("GET", "/api/v1/audit?name=api_token&limit=10")
    assert [e["action"] for e in events][:2] == ["delete", "update"]
    assert all(e["actor"].startswith("ui:") and e["object_kind"] == "secret" for e in events)
    ui.assert_never_said(SECRET_VALUE)


def test_catalog_written_in_python_is_browsed_over_the_api(ff, ui):
    ff.from_dict({"id": [1, 2], "v": ["a", "b"]}).write_catalog_table("sales.orders")
    ff.from_dict({"id": [3], "v": ["c"]}).write_catalog_table("sales.orders", write_mode="append")
    namespaces = ui.json("GET", "/api/v1/catalog/namespaces")
    assert {"name": "General.sales", "catalog": "General", "schema": "sales",
            "tables": 1} in namespaces
    tables = ui.json("GET", "/api/v1/catalog/tables?namespace=General.sales")
    assert [(t["name"], t["version"], t["rows"]) for t in tables] == [("orders", 1, 3)]
    base = "/api/v1/catalog/tables/General.sales/orders"
    detail = ui.json("GET", base)
    assert [c["name"] for c in detail["schema"]] == ["id", "v"]
    assert detail["partition_columns"] == [] and "writes" in detail["lineage"]
    history = ui.json("GET", f"{base}/history")
    assert [h["version"] for h in history] == [1, 0]
    assert all(h["operation"] and isinstance(h["parameters"], dict) for h in history)
    latest = ui.json("GET", f"{base}/preview")
    assert sorted(r[0] for r in latest["rows"]) == ["1", "2", "3"]
    old = ui.json("GET", f"{base}/preview?version=0&limit=10")
    assert sorted(r[0] for r in old["rows"]) == ["1", "2"] and old["version"] == 0
    assert ui.request("GET", f"{base}/preview?version=x")[0] == 400
    # Maintenance: restore version 0 as version 2; optimize; vacuum (a dry run by default).
    assert ui.json("POST", f"{base}/restore", {"version": 0}) == {"version": 2, "committed": True}
    assert sorted(r[0] for r in ui.json("GET", f"{base}/preview")["rows"]) == ["1", "2"]
    assert ui.json("POST", f"{base}/optimize")["version"] >= 2
    assert ui.json("POST", f"{base}/vacuum", {})["dry_run"] is True
    assert ui.request("POST", f"{base}/vacuum", {"retention_hours": 0, "dry_run": False})[0] == 400
    assert ui.request("POST", f"{base}/restore", {"version": "x"})[0] == 400
    assert ui.request("GET", "/api/v1/catalog/tables/General.sales/nope")[0] == 404
    assert ui.json("DELETE", base) == {"deleted": True}
    assert ui.request("GET", base)[0] == 404


def test_a_slow_request_does_not_block_the_api(ui, tmp_path):
    path = tmp_path / "slow.sqlite"
    make_sqlite(path)
    ui.json("POST", "/api/v1/connections/database",
            {"connection_name": "slow", "database_type": "sqlite", "database": str(path)})
    done = {}

    def slow():
        start = time.time()
        done["status"] = ui.request("GET", "/api/v1/connections/database/slow/preview?table=slow",
                                    timeout=120)[0]
        done["seconds"] = time.time() - start

    # Slow clients too: connections that send headers and then trickle their body.
    trickles = []
    for _ in range(4):
        s = socket.create_connection(("127.0.0.1", ui.port))
        s.sendall(f"PUT /api/v1/secrets/t HTTP/1.1\r\nHost: {ui.host}\r\n"
                  f"Content-Length: 100000\r\n\r\n{{".encode())
        trickles.append(s)
    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.3)
    for _ in range(5):
        start = time.time()
        assert ui.request("GET", "/api/v1/session")[0] == 200
        assert time.time() - start < 1.0, "the session route waited behind a slow request"
    assert worker.is_alive(), "the slow request was not slow enough to test anything"
    worker.join(120)
    assert done["status"] == 200 and done["seconds"] > 1.0
    for s in trickles:
        s.close()


def test_path_traversal_is_refused(ui, home, tmp_path):
    secret_file = tmp_path / "outside.txt"
    secret_file.write_text("outside-the-web-root")
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html><title>app</title>")
    (web / "assets" / "app.js").write_text("console.log(1)")
    (web / "assets" / "link.txt").symlink_to(secret_file)
    ui.stop()
    (tmp_path / "second").mkdir()
    served = UiServer(home, tmp_path / "second", args=("--no-browser", "--static", str(web)))
    try:
        status, headers, text = served.request("GET", "/assets/app.js")
        assert status == 200 and "javascript" in headers["Content-Type"]
        assert served.request("GET", "/catalog/tables")[2].startswith("<!doctype html>")
        for path in ("/../outside.txt", "/assets/../../outside.txt", "/assets/%2e%2e/%2e%2e/outside.txt",
                     "/assets/..%2f..%2foutside.txt", "/assets/link.txt", "//etc/passwd",
                     "/assets/app.js%00.html"):
            status, _, text = served.request("GET", path)
            assert status in (400, 404), f"{path}: {status}"
            assert "outside-the-web-root" not in text and "root:" not in text
        for path in ("/api/v1/connections/database/..", "/api/v1/catalog/tables/../x/history",
                     "/api/v1/connections/database/%2e%2e/preview?table=t"):
            status, _, _ = served.request("GET", path)
            assert status in (400, 404), f"{path}: {status}"
    finally:
        served.stop()


def test_hashed_assets_are_cached_and_nothing_else_is(ui, home, tmp_path):
    # One Cache-Control each: a second "no-store" beside the year would win in the browser.
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html><title>app</title>")
    (web / "assets" / "app-3f2a1b.js").write_text("console.log(1)")
    ui.stop()
    (tmp_path / "second").mkdir()
    served = UiServer(home, tmp_path / "second", args=("--no-browser", "--static", str(web)))
    try:
        _, headers, _ = served.request("GET", "/assets/app-3f2a1b.js")
        assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
        for path in ("/", "/designer", "/api/v1/session", "/assets/missing.js"):
            _, headers, _ = served.request("GET", path)
            assert headers.get_all("Cache-Control") == ["no-store"], path
    finally:
        served.stop()


def test_without_a_built_front_end_the_root_says_how_to_build_it(home, tmp_path):
    empty = tmp_path / "no-web"
    empty.mkdir()
    server = UiServer(home, tmp_path, args=("--no-browser", "--static", str(empty)))
    try:
        status, headers, text = server.request("GET", "/", auth=False)
        assert status == 200 and "text/html" in headers["Content-Type"]
        assert "not built" in text and "scripts/setup" in text
        assert server.request("GET", "/assets/app.js", auth=False)[0] == 404
    finally:
        server.stop()


def test_docs_list_every_route(ui):
    docs = (ROOT / "docs" / "web-api.md").read_text()
    documented = set(re.findall(r"^\| `(GET|POST|PUT|DELETE) (/api/v1/\S+)` \|", docs, re.M))
    assert documented == set(openapi_operations(ui)), (
        "docs/web-api.md and the server's route table differ: "
        f"{sorted(documented ^ set(openapi_operations(ui)))}")


def test_unknown_routes_and_methods(ui):
    status, _, text = ui.request("GET", "/api/v1/nope")
    assert status == 404 and "openapi.json" in text
    status, _, text = ui.request("PATCH", "/api/v1/session", {})
    assert status == 405 and json.loads(text)["error"]["code"] == "method_not_allowed"
    assert ui.request("HEAD", "/api/v1/session")[0] == 200
    assert ui.request("POST", "/", {})[0] == 405


def test_a_port_in_use_is_a_clear_error(home):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_KEYRING="0")
        env.pop("DISPLAY", None)
        proc = subprocess.run([CLI, "ui", "--port", str(port), "--no-browser"], env=env,
                              capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr


def fake_xdg_open(tmp_path):
    """An xdg-open that records its arguments and the page it was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "xdg-open.args"
    script = bin_dir / "xdg-open"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {record}\n"
                      f"cat \"${{1#file://}}\" >> {record}.page\n")
    script.chmod(0o755)
    return {"PATH": f"{bin_dir}:{os.environ['PATH']}", "DISPLAY": ":99"}, record


def test_the_browser_opens_a_private_page_never_the_token_on_a_command_line(home, tmp_path):
    env, record = fake_xdg_open(tmp_path)
    server = UiServer(home, tmp_path, args=(), extra_env=env)
    try:
        deadline = time.time() + 10
        page_copy = pathlib.Path(f"{record}.page")
        while time.time() < deadline and (
                not page_copy.exists() or "</a>" not in page_copy.read_text()):
            time.sleep(0.05)
        argument = record.read_text().strip()
        assert argument.startswith("file://") and server.token not in argument
        page = pathlib.Path(argument[len("file://"):])
        assert page.stat().st_mode & 0o077 == 0
        assert server.url in page_copy.read_text()
    finally:
        server.stop()
    assert not page.exists()


def test_no_browser_without_a_display_or_with_no_browser(home, tmp_path):
    env, record = fake_xdg_open(tmp_path)
    for args, extra in ((("--no-browser",), env), ((), {"PATH": env["PATH"]})):
        server = UiServer(home, tmp_path, args=args, extra_env=extra)
        server.stop()
    assert not record.exists()
