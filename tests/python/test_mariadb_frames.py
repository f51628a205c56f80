"""read_database / write_database against a real MariaDB (started by tests/python/run.sh)."""

import datetime
import decimal
import os
import subprocess

import pytest

MY = {k: os.environ.get(f"FLOWFILE_TEST_MYSQL_{k}") for k in ("HOST", "PORT", "USER", "PASSWORD", "DATABASE")}
pytestmark = pytest.mark.skipif(not MY["HOST"], reason="no test MariaDB (FLOWFILE_TEST_MYSQL_HOST)")


def mysql(sql: str) -> str:
    out = subprocess.run(["mariadb", "-h", MY["HOST"], "-P", MY["PORT"], "-u", MY["USER"], f"-p{MY['PASSWORD']}",
                          "-D", MY["DATABASE"], "--batch", "--skip-column-names", "-e", sql],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture()
def shop(ff):
    ff.create_database_connection(
        connection_name="shop", database_type="mysql", host=MY["HOST"], port=int(MY["PORT"]),
        database=MY["DATABASE"], username=MY["USER"], password=ff.SecretStr(MY["PASSWORD"]))
    mysql("DROP TABLE IF EXISTS orders, copied; CREATE TABLE orders (id INT PRIMARY KEY, big BIGINT UNSIGNED,"
          " amount DECIMAL(10,2), ratio DOUBLE, paid TINYINT(1), day DATE, at DATETIME(6), label VARCHAR(20),"
          " raw VARBINARY(8));"
          "INSERT INTO orders VALUES (1, 18446744073709551615, 12.50, 0.5, 1, '2026-01-03', '2026-01-03 10:00:00.25',"
          " 'ann', X'00FF'), (2, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL)")
    yield "shop"
    mysql("DROP TABLE IF EXISTS orders, copied")


def test_types_and_nulls(ff, shop):
    df = ff.read_database("shop", table_name="orders").sort("id").collect()
    assert [str(t) for t in df.dtypes] == ["Int32", "UInt64", "Decimal(precision=10, scale=2)", "Float64",
                                           "Boolean", "Date", "Datetime(time_unit='us', time_zone=None)",
                                           "String", "Binary"]
    assert df.row(0) == (1, 18446744073709551615, decimal.Decimal("12.50"), 0.5, True, datetime.date(2026, 1, 3),
                         datetime.datetime(2026, 1, 3, 10, 0, 0, 250000), "ann", b"\x00\xff")
    assert df.row(1) == (2, None, None, None, False, None, None, None, None)


def test_write_round_trip_and_errors(ff, shop):
    ff.read_database("shop", table_name="orders").write_database("shop", "copied", if_exists="replace")
    assert mysql("SELECT count(*), sum(amount) FROM copied") == "2\t12.50"
    with pytest.raises(ff.AlreadyExistsError):
        ff.from_dict({"id": [1]}).write_database("shop", "copied", if_exists="fail")
    with pytest.raises(ff.NotFoundError) as e:
        ff.read_database("shop", table_name="order")
    assert "orders" in str(e.value)
    ff.update_database_connection("shop", password=ff.SecretStr("wrong-pass-77"))
    with pytest.raises(ff.PermissionDeniedError) as denied:
        ff.read_database("shop", table_name="orders")
    assert "wrong-pass-77" not in str(denied.value)
