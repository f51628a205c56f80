"""Proof that nothing leaks: a distinctive password, registered every way the Python API
allows, never appears - raw or base64 - in any file of the Flowfile home, in repr/str of
anything the API returns, in error messages and tracebacks, or in the audit log."""

import base64
import subprocess
import traceback

import pytest

from conftest import all_files, cli_path

PASSWORD = "Zq8-leak-canary-7Hn2pW"
FORMS = [PASSWORD, base64.b64encode(PASSWORD.encode()).decode()[:-2],
         base64.urlsafe_b64encode(PASSWORD.encode()).decode()[:-2], PASSWORD.encode().hex()]


def assert_clean(text: str, where: str):
    for form in FORMS:
        assert form not in text, f"secret found in {where}"


def test_nothing_leaks(ff, home):
    from pydantic import SecretStr
    returned = [
        ff.create_database_connection("pg", host="h", username="u", password=SecretStr(PASSWORD)),
        ff.create_database_connection_if_not_exists("pg2", host="h", password=PASSWORD),
        ff.update_database_connection("pg2", password=PASSWORD),
        ff.get_database_connection("pg"),
        ff.get_database_connection_by_name("pg"),
        ff.get_all_available_database_connections(),
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
            connection_name="lake", storage_type="s3", auth_method="access_key",
            aws_access_key_id="AKIAX", aws_secret_access_key=PASSWORD, aws_session_token=PASSWORD)),
        ff.FullCloudStorageConnection(connection_name="x", azure_account_key=PASSWORD),
        ff.get_all_available_cloud_storage_connections(),
        ff.secrets.set("canary", PASSWORD),
        ff.secrets.list(),
        ff.secrets.get("canary"),
        ff.key_info(),
    ]
    for obj in returned:
        assert_clean(repr(obj), f"repr of {type(obj).__name__}")
        assert_clean(str(obj), f"str of {type(obj).__name__}")
        for attr in dir(obj):
            if not attr.startswith("_") and attr not in ("get_secret_value",):
                try:
                    value = getattr(obj, attr)
                except Exception:
                    continue
                if not callable(value):
                    assert_clean(repr(value), f"{type(obj).__name__}.{attr}")

    # Failing calls: messages and full tracebacks.
    failing = [
        lambda: ff.create_database_connection("pg", host="h", password=PASSWORD),
        lambda: ff.create_database_connection("bad name", host="h", password=PASSWORD),
        lambda: ff.create_database_connection("x", url=f"postgresql://u:{PASSWORD}@h/db"),
        lambda: ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
            connection_name="y", storage_type="adls", auth_method="service_principal",
            azure_client_secret=PASSWORD)),
        lambda: ff.secrets.set("loop", "${secret:" + PASSWORD + "}"),
        lambda: ff.secrets.get(PASSWORD[:5]),
    ]
    for call in failing:
        with pytest.raises(Exception) as err:
            call()
        assert_clean(str(err.value), "an error message")
        assert_clean("".join(traceback.format_exception(err.value)), "a traceback")

    audit = ff.audit_log(1000)
    assert len(audit) > 5
    assert_clean(repr(audit), "the audit log")

    # Every file under the home, including the WAL.
    files = list(all_files(home))
    assert any(f.name == "flowfile.db" for f in files)
    for f in files:
        data = f.read_bytes()
        for form in FORMS:
            assert form.encode() not in data, f"secret found in {f}"


def test_cli_output_does_not_leak(ff, home):
    ff.create_database_connection("pg", host="h", password=PASSWORD)
    ff.secrets.set("canary", PASSWORD)
    for args in (["connections", "list"], ["connections", "show", "pg"], ["secrets", "list"],
                 ["secrets", "get", "canary"], ["connections", "export"], ["audit"],
                 ["connections", "list", "--json"], ["connections", "show", "pg", "--json"]):
        r = subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (args, r.stderr)
        assert_clean(r.stdout + r.stderr, "flowfile " + " ".join(args))


# Every form of a URL with an embedded password the product refuses (issue 15, item 13).
URL_FORMS = [
    f"postgresql://u:{PASSWORD}@h/db",
    f"postgresql://u@h/db?password={PASSWORD}",
    f"postgresql://h/db?sslmode=require&sslpassword={PASSWORD}",
    f"postgresql://h/db?pwd={PASSWORD}",
    f"host=h user=u password={PASSWORD}",
    f"host=h password = '{PASSWORD} with space'",
    f"dbname=d host=h password='{PASSWORD}' sslmode=require",
]


def assert_home_clean(home):
    files = list(all_files(home))
    assert files, "the home holds no file at all"
    for f in files:
        data = f.read_bytes()
        for form in FORMS:
            assert form.encode() not in data, f"secret found in {f}"


@pytest.mark.parametrize("url", URL_FORMS)
def test_refused_url_forms_do_not_leak_from_python(ff, home, url):
    ff.create_database_connection("pg", host="h", password="other-value")
    for call in (lambda: ff.create_database_connection("x", url=url),
                 lambda: ff.create_database_connection_if_not_exists("y", url=url),
                 lambda: ff.update_database_connection("pg", url=url)):
        with pytest.raises(ValueError, match="the url contains a password") as err:
            call()
        assert_clean(str(err.value), "an error message")
        assert_clean(repr(err.value), "an error repr")
        assert_clean("".join(traceback.format_exception(err.value)), "a traceback")
    names = [c.connection_name for c in ff.get_all_available_database_connections()]
    assert names == ["pg"]
    assert_clean(repr(ff.get_database_connection("pg")), "the kept connection")
    assert_clean(repr(ff.audit_log(1000)), "the audit log")
    assert_home_clean(home)


@pytest.mark.parametrize("url", URL_FORMS)
def test_refused_url_forms_do_not_leak_from_cli(ff, home, url):
    r = subprocess.run([cli_path(), "connections", "add", "database", "x", "--no-password",
                        "--url", url], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "the url contains a password" in r.stderr
    assert_clean(r.stdout + r.stderr, "flowfile connections add database")
    for args in (["connections", "list", "--json"], ["connections", "export"], ["audit"]):
        shown = subprocess.run([cli_path(), *args], capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0, (args, shown.stderr)
        assert_clean(shown.stdout + shown.stderr, "flowfile " + " ".join(args))
    assert ff.get_all_available_database_connections() == []
    assert_home_clean(home)
