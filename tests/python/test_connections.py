"""Database and cloud connections through the Python API (Flowfile's names)."""

import pytest
from pydantic import SecretStr as PydanticSecretStr


def test_seed_snippet_runs_unchanged(home):
    # The design article's snippet, verbatim.
    from pydantic import SecretStr
    import flowfile as ff
    ff.create_database_connection(
        connection_name="prod_db",
        database_type="postgresql",
        host="db.example.com",
        port=5432,
        database="analytics",
        username="analyst",
        password=SecretStr("secure_password"),
        ssl_enabled=True,
    )
    info = ff.get_database_connection_by_name("prod_db")
    assert (info.host, info.port, info.database, info.username, info.ssl_enabled) == (
        "db.example.com", 5432, "analytics", "analyst", True)
    assert info.has_password is True
    assert "secure_password" not in repr(info)


def test_crud_database_connection(ff):
    created = ff.create_database_connection("warehouse", host="h1", port=5433, database="dw",
                                            username="u", password="pw1")
    assert created.connection_name == "warehouse" and created.database_type == "postgresql"
    assert [c.connection_name for c in ff.get_all_available_database_connections()] == ["warehouse"]

    updated = ff.update_database_connection("warehouse", host="h2", port=6543)
    assert (updated.host, updated.port, updated.database, updated.has_password) == ("h2", 6543, "dw", True)
    assert ff.update_database_connection("warehouse", password="").has_password is False

    assert ff.del_database_connection("warehouse") is True
    assert ff.del_database_connection("warehouse") is False
    assert ff.get_database_connection_by_name("warehouse") is None
    assert ff.get_all_available_database_connections() == []


def test_duplicate_and_if_not_exists(ff):
    ff.create_database_connection("dup", host="a", password="x")
    with pytest.raises(ff.AlreadyExistsError, match="database connection 'dup' already exists"):
        ff.create_database_connection("dup", host="b")
    kept = ff.create_database_connection_if_not_exists("dup", host="b")
    assert kept.host == "a"
    new = ff.create_database_connection_if_not_exists("dup2", host="b", password=PydanticSecretStr("y"))
    assert new.host == "b" and new.has_password


def test_unknown_name_lists_known_closest_first(ff):
    for name in ["analytics", "prod_db", "prod_replica"]:
        ff.create_database_connection(name, host="h")
    with pytest.raises(ff.NotFoundError) as err:
        ff.get_database_connection("prod")
    assert str(err.value) == ("unknown database connection 'prod'; known database connections "
                              "(closest first): prod_db, prod_replica, analytics")
    assert isinstance(err.value, LookupError)


@pytest.mark.parametrize("name, why", [
    ("", "it is empty"),
    ("a" * 129, "it has 129 characters"),
    ("bad name", "character ' ' is not allowed"),
    ("semi;colon", "character ';' is not allowed"),
])
def test_invalid_names(ff, name, why):
    with pytest.raises(ff.InvalidArgumentError, match=why):
        ff.create_database_connection(name, host="h")


def test_type_and_field_validation(ff):
    with pytest.raises(ValueError, match="unknown database_type 'oracle'; expected one of: postgresql, mysql"):
        ff.create_database_connection("x", database_type="oracle", host="h")
    with pytest.raises(ValueError, match=r"is missing: database \(the file path\)"):
        ff.create_database_connection("x", database_type="sqlite")
    with pytest.raises(ValueError, match="port 70000 is out of range"):
        ff.create_database_connection("x", host="h", port=70000)
    for url in ("postgresql://u:hunter2@h/db", "postgresql://u@h/db?password=hunter2",
                "host=h user=u password=hunter2", "host=h password = 'hunter2 x'",
                "postgresql://h/db?sslmode=require&sslpassword=hunter2"):
        with pytest.raises(ValueError, match="the url contains a password") as raised:
            ff.create_database_connection("x", url=url)
        assert "hunter2" not in str(raised.value)
    assert ff.get_all_available_database_connections() == []


def test_file_databases_keep_no_credentials(ff, tmp_path):
    with pytest.warns(UserWarning, match="not used and not stored"):
        info = ff.create_database_connection("local", database_type="sqlite",
                                             database=str(tmp_path / "x.db"), username="ignored",
                                             password="ignored")
    assert info.username == "" and info.has_password is False


def test_secret_reference_password(ff):
    ff.secrets.set("pg_password", "s3cr3t-value")
    info = ff.create_database_connection("ref_db", host="h", password="${secret:pg_password}")
    assert info.has_password and info.password_ref == "pg_password"


def test_cloud_connection_seed_snippet(home):
    from pydantic import SecretStr
    import flowfile as ff
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="data-lake",
            storage_type="s3",
            auth_method="access_key",
            aws_region="us-east-1",
            aws_access_key_id="AKIA...",
            aws_secret_access_key=SecretStr("wJal..."),
        )
    )
    info = ff.get_cloud_storage_connection("data-lake")
    assert info.storage_type == "s3" and info.aws_region == "us-east-1"
    assert info.secret_fields_set == ["aws_secret_access_key"]


def test_cloud_validation_names_every_missing_field(ff):
    with pytest.raises(ff.InvalidArgumentError) as err:
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
            connection_name="sp", storage_type="azure", auth_method="service_principal",
            azure_tenant_id="t"))
    assert str(err.value) == ("cloud storage connection 'sp' (adls, service_principal) is missing: "
                              "azure_account_name, azure_client_id, azure_client_secret")
    with pytest.raises(ValueError, match="auth_method 'sas_token' is not available for storage_type 's3'"):
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
            connection_name="x", storage_type="s3", auth_method="sas_token"))
    with pytest.raises(ValueError, match="unknown storage_type 'dropbox'"):
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
            connection_name="x", storage_type="dropbox"))


def test_cloud_session_token_is_kept_and_update_keeps_secrets(ff):
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="sts", storage_type="s3", auth_method="access_key",
        aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="sk", aws_session_token="tok",
        scopes=["s3://bucket/prefix"]))
    info = ff.get_cloud_storage_connection("sts")
    assert info.secret_fields_set == ["aws_secret_access_key", "aws_session_token"]
    assert info.scopes == ["s3://bucket/prefix"]
    ff.update_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="sts", storage_type="s3", auth_method="access_key",
        aws_access_key_id="AKIAOTHER", aws_region="eu-west-1"))
    info = ff.get_cloud_storage_connection("sts")
    assert info.aws_access_key_id == "AKIAOTHER" and info.aws_region == "eu-west-1"
    assert info.secret_fields_set == ["aws_secret_access_key", "aws_session_token"]
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["sts"]
    assert ff.del_cloud_storage_connection("sts") and not ff.del_cloud_storage_connection("sts")


def test_gcs_and_adls_methods(ff):
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="gcs1", storage_type="gcs", auth_method="service_account",
        gcs_service_account_key='{"type": "service_account"}', gcs_project_id="p"))
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
        connection_name="az1", storage_type="adls", auth_method="sas_token",
        azure_account_name="acct", azure_sas_token="sv=2020&sig=abc"))
    assert ff.get_cloud_storage_connection("az1").secret_fields_set == ["azure_sas_token"]
    assert ff.get_cloud_storage_connection_by_name("nope") is None
