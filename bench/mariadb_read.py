"""MariaDB read, ours vs the mariadb client, whole process, medians of N runs, alternating.

    /usr/bin/python3 bench/mariadb_read.py [--rows 1000000] [--runs 3]

Starts a throw-away MariaDB (scripts/services/mariadb.sh), loads a table of ROWS x 6 mixed
columns (int, bigint, decimal(12,2), varchar, datetime(6), tinyint(1)), then times
  ours:             ff.read_database(...).collect()   (a DataFrame with typed columns)
  mariadb --batch:  mariadb --batch --quick -e "SELECT * FROM bench" > /dev/null  (text only)
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

from server_bench import start_server, stop_server, timed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp())
    os.chmod(work, 0o755)
    env, services = start_server("mariadb", work, "my")
    env["MYSQL_PWD"] = env["FLOWFILE_TEST_MYSQL_PASSWORD"]  # the client reads it; never argv
    client = ["mariadb", "-h", env["FLOWFILE_TEST_MYSQL_HOST"], "-P", env["FLOWFILE_TEST_MYSQL_PORT"],
              "-u", env["FLOWFILE_TEST_MYSQL_USER"], "-D", env["FLOWFILE_TEST_MYSQL_DATABASE"]]
    try:
        subprocess.run(client + ["-e", f"""
            CREATE TABLE bench (id INT PRIMARY KEY, customer BIGINT, amount DECIMAL(12,2),
                                label VARCHAR(20), at DATETIME(6), flag TINYINT(1));
            INSERT INTO bench
            SELECT seq, seq * 7, (seq % 100000) / 100, CONCAT('item-', seq % 1000),
                   TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq SECOND, seq % 2 = 0
            FROM seq_1_to_{args.rows}"""],
                       env=env, check=True)
        connect = ("import os, flowfile as ff; ff.create_database_connection_if_not_exists('my', "
                   "database_type='mysql', host=os.environ['FLOWFILE_TEST_MYSQL_HOST'], "
                   "port=int(os.environ['FLOWFILE_TEST_MYSQL_PORT']), "
                   "database=os.environ['FLOWFILE_TEST_MYSQL_DATABASE'], "
                   "username=os.environ['FLOWFILE_TEST_MYSQL_USER'], "
                   "password=ff.SecretStr(os.environ['MYSQL_PWD']))")
        subprocess.run(["/usr/bin/python3", "-c", connect], env=env, check=True)
        check = subprocess.run(["/usr/bin/python3", "-c",
                                "import flowfile as ff; print(ff.read_database('my', table_name='bench').collect().height)"],
                               env=env, check=True, capture_output=True, text=True)
        assert int(check.stdout) == args.rows, check.stdout
        reads = {
            "mariadb --batch": client + ["--batch", "--quick", "-e", "SELECT * FROM bench"],
            "ours": ["/usr/bin/python3", "-c",
                     "import flowfile as ff; ff.read_database('my', table_name='bench').collect()"],
        }
        samples = {name: [] for name in reads}
        for _ in range(args.runs):
            for name, cmd in reads.items():
                samples[name].append(timed(cmd, env))
        base = statistics.median(t for t, _ in samples["mariadb --batch"])
        print(f"MariaDB read, {args.rows:,} rows x 6 columns, medians of {args.runs}")
        for name, s in samples.items():
            wall = statistics.median(t for t, _ in s)
            rss = statistics.median(m for _, m in s)
            print(f"  {name:<18}{wall:>8.2f} s{rss:>8.0f} MiB{wall / base:>7.2f}x")
    finally:
        stop_server(services, work, "my")
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
