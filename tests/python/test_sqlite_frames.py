"""read_database / write_database on a SQLite file connection (no server needed)."""

import datetime
import sqlite3

import pytest


@pytest.fixture()
def demo(ff, tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer TEXT, amount REAL,"
                   " paid BOOLEAN, order_date DATE, note)")
        db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)",
                       [(1, "ann", 12.5, 1, "2026-01-03", "x"), (2, "bob", None, 0, "2026-02-11", None),
                        (3, "ann", 7.25, 1, None, "y")])
    ff.create_database_connection(connection_name="shop", database_type="sqlite", database=str(path))
    return path


def test_read_types_nulls_and_query(ff, demo):
    df = ff.read_database("shop", table_name="orders").sort("order_id").collect()
    assert [str(t) for t in df.dtypes] == ["Int64", "String", "Float64", "Boolean", "Date", "String"]
    assert df.rows()[1] == (2, "bob", None, False, datetime.date(2026, 2, 11), None)
    q = ff.read_database("shop", query="SELECT customer, sum(amount) AS total FROM orders GROUP BY customer")
    assert sorted(q.collect().rows(), key=lambda r: r[0]) == [("ann", 19.75), ("bob", None)]
    assert ff.list_database_tables("shop") == ["orders"]


def test_unknown_table_suggests_and_write_is_transactional(ff, demo):
    with pytest.raises(ff.NotFoundError) as e:
        ff.read_database("shop", table_name="order")
    assert "orders" in str(e.value)
    out = ff.read_database("shop", table_name="orders").filter(ff.col("paid"))
    out.write_database("shop", "paid_orders", if_exists="replace")
    with sqlite3.connect(demo) as db:
        assert db.execute("SELECT count(*) FROM paid_orders").fetchone() == (2,)
    with pytest.raises(ff.AlreadyExistsError):
        out.write_database("shop", "paid_orders", if_exists="fail")
    with sqlite3.connect(demo) as db:
        db.execute("CREATE UNIQUE INDEX one_id ON paid_orders(order_id)")
    with pytest.raises(ff.FlowfileError):  # duplicate ids: the second row of the append fails
        out.write_database("shop", "paid_orders", if_exists="append")
    with sqlite3.connect(demo) as db:
        assert db.execute("SELECT count(*) FROM paid_orders").fetchone() == (2,)
