"""`flowfile connections test` against the real servers tests/python/run.sh starts:
PostgreSQL, MariaDB and S3 (moto). A passing test reports the server's version; a wrong
password fails in our words without the password anywhere in the output."""

import json
import os
import subprocess

import pytest

PG = {k: os.environ.get(f"FLOWFILE_TEST_PG_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
MY = {k: os.environ.get(f"FLOWFILE_TEST_MYSQL_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
S3 = {k: os.environ.get(f"FLOWFILE_TEST_S3_{k}") for k in ("ENDPOINT", "REGION", "KEY_ID", "SECRET", "PYTHON")}
WRONG = "not-the-password-7f3a9c"


def cli(home, *args, input=None, expect=0):
    env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_KEYRING="0")
    result = subprocess.run([os.environ.get("FLOWFILE_CLI", "flowfile"), *args], input=input, env=env,
                            capture_output=True, text=True, timeout=60,
                            stdin=None if input is not None else subprocess.DEVNULL)
    assert result.returncode == expect, result.stdout + result.stderr
    return result


def add_database(home, name, kind, server, password):
    cli(home, "connections", "add", "database", name, "--type", kind, "--host", server["HOST"],
        "--port", server["PORT"], "--database", server["DATABASE"], "--username", server["USER"],
        "--password-stdin", input=password + "\n")


@pytest.mark.skipif(not PG["HOST"], reason="no test PostgreSQL (FLOWFILE_TEST_PG_HOST)")
def test_postgresql_answers_with_its_version(home):
    add_database(home, "pg", "postgresql", PG, PG["PASSWORD"])
    report = json.loads(cli(home, "connections", "test", "pg", "--json").stdout)
    assert "PostgreSQL" in report["version"]
    assert report["elapsed_ms"] > 0
    add_database(home, "pg_wrong", "postgresql", PG, WRONG)
    failed = cli(home, "connections", "test", "pg_wrong", expect=1)
    assert "pg_wrong" in failed.stderr and WRONG not in failed.stdout + failed.stderr


@pytest.mark.skipif(not MY["HOST"], reason="no test MariaDB (FLOWFILE_TEST_MYSQL_HOST)")
def test_mariadb_answers_with_its_version(home):
    add_database(home, "shop", "mariadb", MY, MY["PASSWORD"])
    report = json.loads(cli(home, "connections", "test", "shop", "--json").stdout)
    assert "MariaDB" in report["version"] or report["version"][0].isdigit()
    add_database(home, "shop_wrong", "mysql", MY, WRONG)
    failed = cli(home, "connections", "test", "shop_wrong", expect=1)
    assert "shop_wrong" in failed.stderr and WRONG not in failed.stdout + failed.stderr


@pytest.mark.skipif(not S3["ENDPOINT"], reason="no test S3 server (FLOWFILE_TEST_S3_ENDPOINT)")
def test_s3_lists_one_object_under_its_scope(home):
    def add(name, scope, secret):
        cli(home, "connections", "add", "cloud", name, "--storage-type", "s3", "--auth-method",
            "access_key", "--aws-region", S3["REGION"], "--aws-access-key-id", S3["KEY_ID"],
            "--endpoint-url", S3["ENDPOINT"], "--allow-http", *(["--scope", scope] if scope else []),
            "--secrets-stdin", input=f"aws_secret_access_key={secret}\n")

    add("lake", "s3://probe-bucket/raw/", S3["SECRET"])
    # A bucket with one object under the scope, made by boto3 (not by us).
    subprocess.run([S3["PYTHON"], "-c", f"""
import boto3
s3 = boto3.client("s3", endpoint_url={S3['ENDPOINT']!r}, region_name={S3['REGION']!r},
                  aws_access_key_id={S3['KEY_ID']!r}, aws_secret_access_key={S3['SECRET']!r})
s3.create_bucket(Bucket="probe-bucket")
s3.put_object(Bucket="probe-bucket", Key="raw/one.csv", Body=b"a\\n1\\n")
"""], check=True, timeout=60)
    report = json.loads(cli(home, "connections", "test", "lake", "--json").stdout)
    assert "raw/one.csv" in report["detail"]

    add("no_scope", None, S3["SECRET"])
    failed = cli(home, "connections", "test", "no_scope", expect=1)
    assert "no scope" in failed.stderr

    add("lake_missing", "s3://no-such-bucket-here/", S3["SECRET"])
    failed = cli(home, "connections", "test", "lake_missing", expect=3)  # not found
    assert "no-such-bucket-here" in failed.stderr and S3["SECRET"] not in failed.stderr


AZ = {k: os.environ.get(f"FLOWFILE_TEST_AZURE_{k}") for k in ("ENDPOINT", "ACCOUNT", "KEY", "NODE_MODULES")}


@pytest.mark.skipif(not AZ["ENDPOINT"], reason="no Azurite (FLOWFILE_TEST_AZURE_ENDPOINT)")
def test_azure_lists_one_blob_under_its_scope(home):
    container = "probe-" + os.urandom(4).hex()
    # A container with one blob under the scope, made by @azure/storage-blob (not by us).
    script = """
const { BlobServiceClient, StorageSharedKeyCredential } = require("@azure/storage-blob");
const service = new BlobServiceClient(process.env.FLOWFILE_TEST_AZURE_ENDPOINT,
  new StorageSharedKeyCredential(process.env.FLOWFILE_TEST_AZURE_ACCOUNT, process.env.FLOWFILE_TEST_AZURE_KEY));
(async () => {
  const c = service.getContainerClient(process.argv[1]);
  await c.create();
  await c.getBlockBlobClient("raw/one.csv").upload("a\\n1\\n", 4);
})().catch(e => { console.error(e.message); process.exit(1); });
"""
    subprocess.run(["node", "-e", script, container], check=True, timeout=120,
                   env=dict(os.environ, NODE_PATH=AZ["NODE_MODULES"]))

    def add(name, scope, key):
        cli(home, "connections", "add", "cloud", name, "--storage-type", "adls", "--auth-method",
            "access_key", "--azure-account-name", AZ["ACCOUNT"], "--endpoint-url", AZ["ENDPOINT"],
            "--allow-http", "--scope", scope, "--secrets-stdin",
            input=f"azure_account_key={key}\n")

    add("blobs", f"az://{container}/raw/", AZ["KEY"])
    report = json.loads(cli(home, "connections", "test", "blobs", "--json").stdout)
    assert report["ok"] is True and "raw/one.csv" in report["detail"], report

    add("blobs_missing", "az://no-such-container-here/", AZ["KEY"])
    failed = cli(home, "connections", "test", "blobs_missing", expect=3)  # not found
    assert "no-such-container-here" in failed.stderr and AZ["KEY"] not in failed.stderr
