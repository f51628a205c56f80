"""Data the browser tests look at, made before the server starts, in the test's own home:
a SQLite file with a small table, a catalog table with two versions written through the Python
module (the same store the web app reads), and a table derived from it (lineage)."""
import sqlite3
import sys

import flowfile as ff

work = sys.argv[1]

db = sqlite3.connect(f"{work}/shop.sqlite")
db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT)")
db.executemany("INSERT INTO customers VALUES (?, ?, ?)",
               [(1, "Ada", "London"), (2, "Grace", "Arlington"), (3, "Edsger", "Austin")])
db.commit()
db.close()

# Version 0 holds alpha and beta; version 1 replaces them with gamma, delta and epsilon.
ff.from_dict({"id": [1, 2], "label": ["alpha", "beta"]}).write_catalog_table("sales.orders")
ff.from_dict({"id": [3, 4, 5], "label": ["gamma", "delta", "epsilon"]}).write_catalog_table(
    "sales.orders", write_mode="overwrite")
# A table made from it, so its lineage has a consumer.
ff.read_catalog_table("sales.orders").filter(ff.col("id") > 3).write_catalog_table(
    "sales.big_orders")
print("fixtures ready")
