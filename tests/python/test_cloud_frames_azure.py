"""Cloud storage by connection name against Azurite (Shared Key checked; started by run.sh).

Objects we write are read back by @azure/storage-blob (node, the independent client) and
objects it writes are read by us."""

import json
import os
import subprocess

import pytest

AZ = {k: os.environ.get(f"FLOWFILE_TEST_AZURE_{k}") for k in ("ENDPOINT", "ACCOUNT", "KEY", "NODE_MODULES")}
pytestmark = pytest.mark.skipif(not AZ["ENDPOINT"], reason="no Azurite (FLOWFILE_TEST_AZURE_ENDPOINT)")

NODE_PRELUDE = """
const { BlobServiceClient, StorageSharedKeyCredential } = require("@azure/storage-blob");
const service = new BlobServiceClient(process.env.FLOWFILE_TEST_AZURE_ENDPOINT,
  new StorageSharedKeyCredential(process.env.FLOWFILE_TEST_AZURE_ACCOUNT, process.env.FLOWFILE_TEST_AZURE_KEY));
const args = JSON.parse(process.argv[1]);
"""


def node(body: str, **args) -> str:
    """Runs `body` (inside an async function; `service` and `args` in scope) with node."""
    script = NODE_PRELUDE + "(async () => {\n" + body + "\n})().catch(e => { console.error(e.message); process.exit(1); });"
    env = dict(os.environ, NODE_PATH=AZ["NODE_MODULES"])
    out = subprocess.run(["node", "-e", script, json.dumps(args)], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def lake_connection(ff, key=None):
    return ff.FullCloudStorageConnection(
        connection_name="lake", storage_type="adls", auth_method="access_key",
        azure_account_name=AZ["ACCOUNT"], azure_account_key=ff.SecretStr(key or AZ["KEY"]),
        endpoint_url=AZ["ENDPOINT"])


@pytest.fixture()
def lake(ff, tmp_path):
    """A connection named "lake" and a fresh container holding data.parquet (written by node)."""
    ff.create_cloud_storage_connection(lake_connection(ff))
    container = "box-" + os.urandom(4).hex()
    local = tmp_path / "data.parquet"
    ff.from_dict({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Pune"]}).write_parquet(local)
    node("""
        const c = service.getContainerClient(args.container);
        await c.create();
        await c.getBlockBlobClient("data.parquet").uploadFile(args.local);
    """, container=container, local=str(local))
    return container


def test_seed_cloud_snippet_with_adls(ff, lake):
    df = ff.scan_parquet_from_cloud_storage(f"az://{lake}/data.parquet", connection_name="lake")
    df.write_parquet_to_cloud_storage(
        f"abfss://{lake}@{AZ['ACCOUNT']}.dfs.core.windows.net/out/output.parquet", connection_name="lake")
    assert sorted(df.collect().rows()) == [(1, "Oslo"), (2, "Lima"), (3, "Pune")]
    # The independent client sees what we wrote: a whole Parquet file.
    head = node("""
        const body = await service.getContainerClient(args.container)
            .getBlobClient("out/output.parquet").downloadToBuffer();
        console.log(body.subarray(0, 4).toString(), body.subarray(-4).toString(), body.length > 100);
    """, container=lake)
    assert head == "PAR1 PAR1 true"
    again = ff.scan_parquet_from_cloud_storage(f"az://{lake}/out/output.parquet", connection_name="lake")
    assert sorted(again.collect().rows()) == [(1, "Oslo"), (2, "Lima"), (3, "Pune")]


def test_csv_written_by_node_is_read_and_ours_is_listed(ff, lake):
    node("""
        const c = service.getContainerClient(args.container);
        const text = "k,v\\na,1\\nb,2\\n";
        await c.getBlockBlobClient("parts/one.csv").upload(text, Buffer.byteLength(text));
        await c.getBlockBlobClient("parts/two.csv").upload(text, Buffer.byteLength(text));
    """, container=lake)
    both = ff.scan_csv_from_cloud_storage(f"az://{lake}/parts/*.csv", connection_name="lake", delimiter=",")
    assert sorted(both.collect().rows()) == [("a", 1), ("a", 1), ("b", 2), ("b", 2)]
    ff.from_dict({"k": ["z"], "v": [9]}).write_json_to_cloud_storage(f"az://{lake}/rows.ndjson",
                                                                     connection_name="lake")
    names = node("""
        const names = [];
        for await (const b of service.getContainerClient(args.container).listBlobsFlat()) names.push(b.name);
        console.log(names.join(","));
    """, container=lake)
    assert names.split(",") == ["data.parquet", "parts/one.csv", "parts/two.csv", "rows.ndjson"]
    urls = [o["url"] for o in ff.list_cloud_objects("lake", f"az://{lake}/parts/")]
    assert urls == [f"az://{lake}/parts/one.csv", f"az://{lake}/parts/two.csv"]


def test_large_upload_goes_in_blocks_and_reads_back(ff, lake, tmp_path):
    # ~20 MB of Parquet crosses the single-put threshold (16 MiB), so Put Block/Put Block List.
    import numpy as np
    rng = np.random.default_rng(7)
    frame = ff.from_dict({"x": rng.random(2_500_000).tolist()})
    frame.write_parquet_to_cloud_storage(f"az://{lake}/big.parquet", connection_name="lake")
    blocks = node("""
        const list = await service.getContainerClient(args.container)
            .getBlockBlobClient("big.parquet").getBlockList("committed");
        const props = await service.getContainerClient(args.container).getBlobClient("big.parquet").getProperties();
        console.log(list.committedBlocks.length, props.contentLength > 16 * 1024 * 1024);
    """, container=lake)
    count, large = blocks.split()
    assert large == "true" and int(count) >= 3
    back = ff.scan_parquet_from_cloud_storage(f"az://{lake}/big.parquet", connection_name="lake")
    assert back.collect().height == 2_500_000


def test_wrong_key_is_rejected_and_never_shown(ff, lake):
    import base64
    wrong = base64.b64encode(b"definitely-not-the-account-key-0123456789").decode()
    ff.update_cloud_storage_connection(lake_connection(ff, key=wrong))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"az://{lake}/data.parquet", connection_name="lake")
    message = str(denied.value)
    assert wrong not in message and AZ["KEY"] not in message
    assert "AuthenticationFailed" in message or "AuthorizationFailure" in message


def test_missing_container_and_blob_are_not_found(ff, lake):
    with pytest.raises(ff.NotFoundError) as missing:
        ff.scan_parquet_from_cloud_storage("az://no-such-container/data.parquet", connection_name="lake")
    assert "no-such-container" in str(missing.value)
    with pytest.raises(ff.NotFoundError) as gone:
        ff.scan_parquet_from_cloud_storage(f"az://{lake}/gone.parquet", connection_name="lake")
    assert "gone.parquet" in str(gone.value)


def test_sas_token_connection_reads(ff, lake):
    sas = node("""
        const { generateAccountSASQueryParameters, AccountSASPermissions, AccountSASResourceTypes,
                AccountSASServices, StorageSharedKeyCredential: Key } = require("@azure/storage-blob");
        const key = new Key(process.env.FLOWFILE_TEST_AZURE_ACCOUNT, process.env.FLOWFILE_TEST_AZURE_KEY);
        console.log(generateAccountSASQueryParameters({
          expiresOn: new Date(Date.now() + 3600 * 1000), permissions: AccountSASPermissions.parse("rl"),
          resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
          services: AccountSASServices.parse("b").toString(), version: "2021-12-02"}, key).toString());
    """)
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="lake-sas", storage_type="azure", auth_method="sas_token",
        azure_account_name=AZ["ACCOUNT"], azure_sas_token=ff.SecretStr(sas), endpoint_url=AZ["ENDPOINT"]))
    df = ff.scan_parquet_from_cloud_storage(f"az://{lake}/data.parquet", connection_name="lake-sas")
    assert df.collect().height == 3
    # Read-only SAS: a write is refused, and the signature is nowhere in the message.
    with pytest.raises(ff.PermissionDeniedError) as denied:
        df.write_parquet_to_cloud_storage(f"az://{lake}/nope.parquet", connection_name="lake-sas")
    signature = [p for p in sas.split("&") if p.startswith("sig=")][0][4:]
    assert signature not in str(denied.value)


@pytest.fixture()
def token_endpoint(monkeypatch):
    """A local OAuth2 authority (AZURE_AUTHORITY_HOST) recording what it is sent."""
    import http.server
    import threading
    import urllib.parse

    seen = []
    answer = {"status": 200, "body": {"access_token": "local-token-1", "expires_in": 3600}}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            seen.append((self.path, form))
            body = json.dumps(answer["body"]).encode()
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", f"http://127.0.0.1:{server.server_address[1]}")
    yield seen, answer
    server.shutdown()


def service_principal(ff, name, secret):
    return ff.FullCloudStorageConnection(
        connection_name=name, storage_type="adls", auth_method="service_principal",
        azure_account_name=AZ["ACCOUNT"], azure_tenant_id="tenant-7", azure_client_id="client-7",
        azure_client_secret=ff.SecretStr(secret), endpoint_url=AZ["ENDPOINT"])


def test_service_principal_fetches_a_token_from_the_authority(ff, lake, token_endpoint):
    seen, _ = token_endpoint
    ff.create_cloud_storage_connection(service_principal(ff, "lake-sp", "sp-secret-value-1"))
    # Azurite accepts bearer tokens only over https with --oauth, so the blob request itself is
    # refused; what matters here is the client-credentials exchange and the mapped refusal.
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"az://{lake}/data.parquet", connection_name="lake-sp")
    assert "local-token-1" not in str(denied.value) and "sp-secret-value-1" not in str(denied.value)
    path, form = seen[0]
    assert path == "/tenant-7/oauth2/v2.0/token"
    assert form == {"grant_type": ["client_credentials"], "client_id": ["client-7"],
                    "client_secret": ["sp-secret-value-1"], "scope": ["https://storage.azure.com/.default"]}


def test_refused_service_principal_is_permission_denied(ff, lake, token_endpoint):
    _, answer = token_endpoint
    answer["status"] = 401
    answer["body"] = {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret."}
    ff.create_cloud_storage_connection(service_principal(ff, "lake-sp", "sp-secret-value-2"))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.scan_parquet_from_cloud_storage(f"az://{lake}/data.parquet", connection_name="lake-sp")
    message = str(denied.value)
    assert "invalid_client" in message and "client-7" in message
    assert "sp-secret-value-2" not in message


def test_managed_identity_asks_the_metadata_endpoint(ff, lake, monkeypatch):
    import http.server
    import threading

    seen = []

    class Imds(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("Metadata")))
            body = json.dumps({"access_token": "imds-token", "expires_in": "3599"}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Imds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
            connection_name="lake-mi", storage_type="adls", auth_method="managed_identity",
            azure_account_name=AZ["ACCOUNT"], azure_client_id="uai-9", endpoint_url=AZ["ENDPOINT"]))
        with pytest.raises(ff.PermissionDeniedError):  # Azurite over http takes no bearer tokens
            ff.scan_parquet_from_cloud_storage(f"az://{lake}/data.parquet", connection_name="lake-mi")
    finally:
        server.shutdown()
    assert seen == [("/metadata/identity/oauth2/token?api-version=2018-02-01"
                     "&resource=https%3A%2F%2Fstorage.azure.com%2F&client_id=uai-9", "true")]


def test_delta_on_adls_commits_with_conditional_puts(ff, lake):
    url = f"abfss://{lake}@{AZ['ACCOUNT']}.dfs.core.windows.net/tables/t"
    ff.from_dict({"id": [1, 2]}).write_delta(url, connection_name="lake")
    ff.from_dict({"id": [3]}).write_delta(url, connection_name="lake", write_mode="append")
    assert sorted(ff.scan_delta(url, connection_name="lake").collect().rows()) == [(1,), (2,), (3,)]
    assert ff.scan_delta(f"az://{lake}/tables/t", connection_name="lake", version=0).collect().height == 2
    # The independent client sees both commits; creating version 1 again is refused by Azurite
    # the way our commits ask for (If-None-Match: *).
    out = node("""
        const c = service.getContainerClient(args.container);
        const names = [];
        for await (const b of c.listBlobsFlat({ prefix: "tables/t/_delta_log/" })) names.push(b.name);
        let refused = "no";
        try {
          await c.getBlockBlobClient("tables/t/_delta_log/00000000000000000001.json")
            .upload("{}", 2, { conditions: { ifNoneMatch: "*" } });
        } catch (e) { refused = String(e.statusCode); }
        console.log(JSON.stringify({ names, refused }));
    """, container=lake)
    result = json.loads(out)
    assert [n.split("/")[-1] for n in result["names"]] == ["00000000000000000000.json", "00000000000000000001.json"]
    assert result["refused"] in ("409", "412")


def test_append_part_files_on_adls(ff, lake):
    for n in ([1, 2], [3]):
        ff.from_dict({"n": n}).write_parquet_to_cloud_storage(f"az://{lake}/parts", connection_name="lake",
                                                              write_mode="append")
    read = ff.scan_parquet_from_cloud_storage(f"az://{lake}/parts/", connection_name="lake")
    assert sorted(read.collect().rows()) == [(1,), (2,), (3,)]


def test_a_scope_written_az_matches_every_azure_scheme(ff, lake):
    conn = lake_connection(ff)
    conn.scopes = [f"az://{lake}/reports"]
    ff.update_cloud_storage_connection(conn)
    for url in (f"az://{lake}/reports/q1.parquet", f"abfss://{lake}@{AZ['ACCOUNT']}.dfs.core.windows.net/reports/q1.parquet",
                f"abfs://{lake}@{AZ['ACCOUNT']}.dfs.core.windows.net/reports/q1.parquet", f"adl://{lake}/reports/x"):
        assert ff.which_connection(url) == "lake", url
    with pytest.raises(ff.NotFoundError):
        ff.which_connection(f"az://{lake}/reports-old/q1.parquet")
