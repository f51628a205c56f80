"""Cloud storage on loopback, ours vs the usual tools, whole processes, medians of N runs.

    /usr/bin/python3 bench/cloud_bench.py [--mib 256] [--runs 3] [--files 100] [--rows 100000]
        [--build build/release] [--skip-copy] [--skip-scan]
    /usr/bin/python3 bench/cloud_bench.py --mib 1024 --runs 1 --skip-scan    # the 1 GiB object

Starts a throw-away moto S3 server (scripts/services/s3.sh, signature checks on) and a private
Flowfile home (FLOWFILE_KEYRING=0, key file in the home) with one stored connection, then times:
  copy:  a MIB MiB object of random bytes, put and get:
         ours (`flowfile cloud cp`) vs `aws s3 cp` (awscli in the pyenv python3, default
         settings), same server, same credentials. MiB/s and ours/aws throughput (goal >= 1.0).
         The downloaded bytes are checked against the original (sha256) once.
  scan:  FILES Parquet objects of ROWS rows under s3://bench/scan/, one filter + projection:
         ours cold (the cloud cache $FLOWFILE_HOME/cache/cloud emptied first) and warm
         (cached: one HEAD per object) vs boto3 downloading the objects + DuckDB's C API
         reading the local copies (bench_duckdb_sql), and the same query on local files
         (ours and DuckDB): the floor.
moto answers every ranged GET by reading the whole object, so ranged downloads take time
quadratic in the size here: `aws s3 cp` (8 MiB ranges, 10 at a time) needs about two minutes for
1 GiB, ours (a first 8 MiB range, then one streamed range per thread) a few seconds; real S3
serves ranges in constant time. That is why the default object is 256 MiB (the whole default run
stays under about three minutes); --mib 1024 --runs 1 --skip-scan gives the 1 GiB figures in
about three minutes more.
"""

import argparse
import hashlib
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

from server_bench import ROOT, start_server, stop_server, timed

MiB = 1024 * 1024
PY = "/usr/bin/python3"


def sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(8 * MiB):
            digest.update(block)
    return digest.hexdigest()


def boto(env: dict, code: str) -> None:
    """Runs boto3 code in the pyenv interpreter; `s3` is a client for the test server."""
    prelude = ("import os, boto3\ne = os.environ\n"
               "s3 = boto3.client('s3', endpoint_url=e['FLOWFILE_TEST_S3_ENDPOINT'], region_name='us-east-1',"
               " aws_access_key_id=e['FLOWFILE_TEST_S3_KEY_ID'], aws_secret_access_key=e['FLOWFILE_TEST_S3_SECRET'])\n")
    subprocess.run([env["FLOWFILE_TEST_S3_PYTHON"], "-c", prelude + code], env=env, check=True)


def median_of(runs: int, cmds: dict, env: dict, before=None) -> tuple[dict, dict]:
    """(median, (min, max)) wall seconds per command, the commands interleaved run by run."""
    samples = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            if before:
                before(name)
            samples[name].append(timed(cmd, env)[0])
    return ({name: statistics.median(s) for name, s in samples.items()},
            {name: (min(s), max(s)) for name, s in samples.items()})


def bench_copy(args, env, work, cli, aws):
    data = work / "object.bin"
    with open(data, "wb") as f:
        for _ in range(args.mib):
            f.write(os.urandom(MiB))
    size_mib = data.stat().st_size / MiB
    # One object for both downloads, uploaded once by boto3.
    boto(env, f"s3.upload_file({str(data)!r}, 'bench', 'get.bin')")
    out_ours, out_aws = work / "ours.out", work / "aws.out"
    subprocess.run(cli + ["cloud", "cp", "s3://bench/get.bin", str(out_ours)], env=env, check=True)
    same = sha256(out_ours) == sha256(data)
    print(f"download check: sha256 of ours {'matches' if same else 'DIFFERS FROM'} the original")
    if not same:
        raise SystemExit(1)
    quiet = ["--only-show-errors"]
    puts = {"ours": cli + ["cloud", "cp", str(data), "s3://bench/put-ours.bin"],
            "aws s3 cp": aws + ["cp", str(data), "s3://bench/put-aws.bin"] + quiet}
    gets = {"ours": cli + ["cloud", "cp", "s3://bench/get.bin", str(out_ours)],
            "aws s3 cp": aws + ["cp", "s3://bench/get.bin", str(out_aws)] + quiet}

    def drop_outputs(_name):
        for p in (out_ours, out_aws):
            p.unlink(missing_ok=True)

    for title, cmds, before in (("put", puts, None), ("get", gets, drop_outputs)):
        wall, spread = median_of(args.runs, cmds, env, before)
        print(f"S3 {title}, {size_mib:.0f} MiB object on loopback moto, medians of {args.runs}")
        for name, seconds in wall.items():
            low, high = spread[name]
            print(f"  {name:<12}{seconds:>8.2f} s{size_mib / seconds:>9.1f} MiB/s   ({low:.2f}..{high:.2f} s)")
        print(f"  ours/aws throughput: {wall['aws s3 cp'] / wall['ours']:.2f}x")
    data.unlink()
    drop_outputs(None)


def bench_scan(args, env, work, duckdb_sql):
    local = work / "scan"
    local.mkdir()
    for k in range(args.files):
        first = k * args.rows
        subprocess.run([duckdb_sql, f"""COPY (SELECT i AS id, (i * 7 % 100000)::INT AS customer,
            (i % 10000) / 10.0 AS amount, 'item-' || (i % 1000) AS label, i % 2 = 0 AS flag
            FROM range({first}, {first + args.rows}) t(i)) TO '{local}/part-{k:03d}.parquet' (FORMAT parquet)"""],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    boto(env, f"""
import pathlib
for p in sorted(pathlib.Path({str(local)!r}).glob('*.parquet')):
    s3.upload_file(str(p), 'bench', 'scan/' + p.name)
""")
    where, columns = "amount >= 900", ["id", "label", "amount"]
    frame_query = (".filter(ff.col('amount') >= 900).select('id', 'label', 'amount').collect()")
    downloads = work / "downloads"
    cache = pathlib.Path(env["FLOWFILE_HOME"]) / "cache" / "cloud"
    cmds = {
        "ours cold": [PY, "-c", "import flowfile as ff; ff.scan_parquet_from_cloud_storage("
                      "'s3://bench/scan/', connection_name='bench')" + frame_query],
        "ours warm": [PY, "-c", "import flowfile as ff; ff.scan_parquet_from_cloud_storage("
                      "'s3://bench/scan/', connection_name='bench')" + frame_query],
        "boto3+duckdb": ["sh", "-c", '"$1" -c "$2" && exec "$3" "$4"', "peer", env["FLOWFILE_TEST_S3_PYTHON"],
                         "import os, boto3\ne = os.environ\n"
                         "s3 = boto3.client('s3', endpoint_url=e['FLOWFILE_TEST_S3_ENDPOINT'], region_name='us-east-1',"
                         " aws_access_key_id=e['FLOWFILE_TEST_S3_KEY_ID'], aws_secret_access_key=e['FLOWFILE_TEST_S3_SECRET'])\n"
                         f"os.makedirs({str(downloads)!r}, exist_ok=True)\n"
                         "for page in s3.get_paginator('list_objects_v2').paginate(Bucket='bench', Prefix='scan/'):\n"
                         "    for o in page.get('Contents', []):\n"
                         f"        s3.download_file('bench', o['Key'], os.path.join({str(downloads)!r}, os.path.basename(o['Key'])))\n",
                         duckdb_sql,
                         f"SELECT {', '.join(columns)} FROM read_parquet('{downloads}/*.parquet') WHERE {where}"],
        "ours local": [PY, "-c", f"import flowfile as ff; ff.scan_parquet({str(local)!r})" + frame_query],
        "duckdb local": [duckdb_sql, f"SELECT {', '.join(columns)} FROM read_parquet('{local}/*.parquet') WHERE {where}"],
    }

    def reset(name):
        if name == "ours cold":
            shutil.rmtree(cache, ignore_errors=True)
        if name == "boto3+duckdb":
            shutil.rmtree(downloads, ignore_errors=True)

    # Rows the query returns, once, so both sides are known to agree.
    count = subprocess.run([PY, "-c", "import flowfile as ff; print(ff.scan_parquet_from_cloud_storage("
                            "'s3://bench/scan/', connection_name='bench')" + frame_query[:-len(".collect()")]
                            + ".collect().height)"], env=env, check=True, capture_output=True, text=True)
    peer_rows = subprocess.run(cmds["duckdb local"], env=env, check=True, capture_output=True, text=True)
    if peer_rows.stdout.split()[0] != count.stdout.strip():
        raise SystemExit(f"row counts differ: ours {count.stdout.strip()}, DuckDB {peer_rows.stdout.strip()}")
    wall, spread = median_of(args.runs, cmds, env, reset)
    total = sum(p.stat().st_size for p in local.glob("*.parquet")) / MiB
    print(f"S3 Parquet scan, {args.files} objects x {args.rows:,} rows ({total:.0f} MiB), "
          f"WHERE {where}, {count.stdout.strip()} rows out; medians of {args.runs}")
    for name, seconds in wall.items():
        print(f"  {name:<14}{seconds:>8.2f} s{seconds / wall['boto3+duckdb']:>7.2f}x peer"
              f"{seconds / wall['duckdb local']:>7.2f}x floor   ({spread[name][0]:.2f}..{spread[name][1]:.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=256, help="object size for put/get")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rows", type=int, default=100_000, help="rows per Parquet object")
    parser.add_argument("--build", default=os.environ.get("FLOWFILE_BUILD", str(ROOT / "build" / "release")),
                        help="build folder with cli/flowfile, bench/bench_duckdb_sql and python/")
    parser.add_argument("--skip-copy", action="store_true")
    parser.add_argument("--skip-scan", action="store_true")
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    cli_path = build / "cli" / "flowfile"
    duckdb_sql = str(build / "bench" / "bench_duckdb_sql")
    work = pathlib.Path(tempfile.mkdtemp())
    os.chmod(work, 0o755)
    env, services = start_server("s3", work, "s3")
    env["PYTHONPATH"] = str(build / "python") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("FLOWFILE_MASTER_KEY", None)
    # awscli with the same key, and no shared files from the real home.
    env.update({"AWS_ACCESS_KEY_ID": env["FLOWFILE_TEST_S3_KEY_ID"],
                "AWS_SECRET_ACCESS_KEY": env["FLOWFILE_TEST_S3_SECRET"], "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_CONFIG_FILE": str(work / "aws-config"), "AWS_SHARED_CREDENTIALS_FILE": str(work / "aws-creds")})
    cli = [str(cli_path)]
    aws = [env["FLOWFILE_TEST_S3_PYTHON"], "-m", "awscli", "--endpoint-url", env["FLOWFILE_TEST_S3_ENDPOINT"], "s3"]
    try:
        subprocess.run(cli + ["connections", "add", "cloud", "bench", "--storage-type", "s3",
                              "--auth-method", "access_key", "--aws-region", "us-east-1",
                              "--aws-access-key-id", env["FLOWFILE_TEST_S3_KEY_ID"],
                              "--endpoint-url", env["FLOWFILE_TEST_S3_ENDPOINT"], "--allow-http",
                              "--scope", "s3://bench", "--secrets-stdin"],
                       input=f"aws_secret_access_key={env['FLOWFILE_TEST_S3_SECRET']}\n", text=True,
                       env=env, check=True, stdout=subprocess.DEVNULL)
        boto(env, "s3.create_bucket(Bucket='bench')")
        if not args.skip_copy:
            bench_copy(args, env, work, cli, aws)
        if not args.skip_scan:
            bench_scan(args, env, work, duckdb_sql)
    finally:
        stop_server(services, work, "s3")
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
