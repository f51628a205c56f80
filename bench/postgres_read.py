"""PostgreSQL read and write, ours vs the usual tools, whole process, medians of N runs.

    /usr/bin/python3 bench/postgres_read.py [--rows 10000000] [--runs 3]

Starts a throw-away PostgreSQL (scripts/services/postgres.sh), loads a table of ROWS x 6 mixed
columns (int, bigint, numeric(12,2), text, timestamptz, bool), then times:
  read:  ours (ff.read_database(...).collect())  vs  psql "\\copy (SELECT ...) TO /dev/null"
         vs  psycopg2 + pandas.read_sql (Debian's)
  write: ours (frame.write_database, replace)    vs  psql "\\copy ... FROM file.csv"
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

from server_bench import start_server, stop_server, timed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp())
    os.chmod(work, 0o755)
    env, services = start_server("postgres", work, "pg")
    env["PGPASSWORD"] = env["FLOWFILE_TEST_PG_PASSWORD"]
    psql = ["psql", "-h", env["FLOWFILE_TEST_PG_HOST"], "-p", env["FLOWFILE_TEST_PG_PORT"], "-U",
            env["FLOWFILE_TEST_PG_USER"], "-d", env["FLOWFILE_TEST_PG_DATABASE"], "-q", "-v",
            "ON_ERROR_STOP=1"]
    try:
        subprocess.run(psql + ["-c", f"""
            CREATE TABLE bench AS SELECT i::int AS id, (i * 7)::bigint AS customer,
              (i % 100000 / 100.0)::numeric(12,2) AS amount, 'item-' || (i % 1000) AS label,
              timestamptz '2026-01-01' + i * interval '1 second' AS at, i % 2 = 0 AS flag
            FROM generate_series(1, {args.rows}) i"""], env=env, check=True)
        csv = work / "bench.csv"
        subprocess.run(psql + ["-c", f"\\copy bench TO '{csv}' CSV"], env=env, check=True)
        connect = (f"import flowfile as ff; ff.create_database_connection_if_not_exists('pg', "
                   f"database_type='postgresql', host='{env['FLOWFILE_TEST_PG_HOST']}', "
                   f"port={env['FLOWFILE_TEST_PG_PORT']}, database='{env['FLOWFILE_TEST_PG_DATABASE']}', "
                   f"username='{env['FLOWFILE_TEST_PG_USER']}', "
                   f"password=ff.SecretStr('{env['FLOWFILE_TEST_PG_PASSWORD']}'))")
        subprocess.run(["/usr/bin/python3", "-c", connect], env=env, check=True)
        reads = {
            "psql \\copy": psql + ["-c", "\\copy (SELECT * FROM bench) TO '/dev/null'"],
            "ours": ["/usr/bin/python3", "-c",
                     "import flowfile as ff; ff.read_database('pg', table_name='bench').collect()"],
            "psycopg2+pandas": ["/usr/bin/python3", "-c",
                                "import os, psycopg2, pandas; c = psycopg2.connect(host=os.environ['FLOWFILE_TEST_PG_HOST'], "
                                "port=os.environ['FLOWFILE_TEST_PG_PORT'], user=os.environ['FLOWFILE_TEST_PG_USER'], "
                                "password=os.environ['PGPASSWORD'], dbname=os.environ['FLOWFILE_TEST_PG_DATABASE']); "
                                "pandas.read_sql('SELECT * FROM bench', c)"],
        }
        writes = {
            "psql \\copy from": psql + ["-c", "TRUNCATE bench_in", "-c", f"\\copy bench_in FROM '{csv}' CSV"],
            "ours": ["/usr/bin/python3", "-c",
                     f"import flowfile as ff; ff.scan_csv('{csv}', has_header=False).rename("
                     "{'column_1':'id','column_2':'customer','column_3':'amount','column_4':'label','column_5':'at',"
                     "'column_6':'flag'}).write_database('pg', 'bench_out', if_exists='replace')"],
        }
        subprocess.run(psql + ["-c", "CREATE TABLE bench_in (LIKE bench)"], env=env, check=True)
        for title, cmds, floor in (("read", reads, "psql \\copy"), ("write", writes, "psql \\copy from")):
            samples = {name: [] for name in cmds}
            for _ in range(args.runs):
                for name, cmd in cmds.items():
                    samples[name].append(timed(cmd, env))
            base = statistics.median(t for t, _ in samples[floor])
            print(f"PostgreSQL {title}, {args.rows:,} rows x 6 columns, medians of {args.runs}")
            for name, s in samples.items():
                wall = statistics.median(t for t, _ in s)
                rss = statistics.median(m for _, m in s)
                print(f"  {name:<18}{wall:>8.2f} s{rss:>8.0f} MiB{wall / base:>7.2f}x")
    finally:
        stop_server(services, work, "pg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
