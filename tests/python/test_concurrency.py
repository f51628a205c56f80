"""Several processes writing one store never lose a write.

8 processes x 200 mixed operations (create / update / delete of connections and secrets).
Each process works on its own names, so the exact end state is known; the audit log must
hold every operation.
"""

import json
import time

from conftest import run_python

WORKER = r"""
import json, os, sys
import flowfile as ff
w = int(os.environ["WORKER"])
ops = 0
for i in range(50):
    name = f"w{w}_c{i}"
    ff.create_database_connection(name, host=f"h{i}", password=f"pw{w}-{i}")   # create
    ff.update_database_connection(name, port=1000 + i)                          # update
    ff.secrets.set(f"w{w}_s{i}", f"v{w}-{i}")                                   # create
    if i % 2 == 0:
        ff.del_database_connection(name)                                        # delete
    else:
        ff.secrets.set(f"w{w}_s{i}", f"v{w}-{i}-2")                             # update
    ops += 4
print(json.dumps({"ops": ops}))
"""


def test_eight_processes_two_hundred_operations_each(home, tmp_path):
    import subprocess, os
    env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_KEYRING="0")
    # Create the home and key first so the processes race on data, not on set-up.
    subprocess.run(["/usr/bin/python3", "-c", "import flowfile as ff; ff.secrets.list()"],
                   env=env, check=True)
    started = time.monotonic()
    procs = [subprocess.Popen(["/usr/bin/python3", "-c", WORKER], env=dict(env, WORKER=str(w)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(8)]
    results = [p.communicate(timeout=300) for p in procs]
    elapsed = time.monotonic() - started
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert json.loads(out)["ops"] == 200
    print(f"8 x 200 operations in {elapsed:.2f} s ({1600 / elapsed:.0f} ops/s)")

    check = run_python(
        "import json, flowfile as ff\n"
        "conns = {c.connection_name: c.port for c in ff.get_all_available_database_connections()}\n"
        "secrets = {s.name: ff.secrets.get(s.name).get_secret_value() for s in ff.secrets.list()}\n"
        "print(json.dumps({'conns': conns, 'secrets': secrets, 'audit': len(ff.audit_log(100000))}))",
        {"FLOWFILE_HOME": str(home), "FLOWFILE_KEYRING": "0"})
    assert check.returncode == 0, check.stderr
    state = json.loads(check.stdout)
    expected_conns = {f"w{w}_c{i}": 1000 + i for w in range(8) for i in range(50) if i % 2}
    expected_secrets = {f"w{w}_s{i}": f"v{w}-{i}" + ("-2" if i % 2 else "")
                        for w in range(8) for i in range(50)}
    assert state["conns"] == expected_conns
    assert state["secrets"] == expected_secrets
    # 1600 writes, plus the reads of the check itself (400 secrets).
    assert state["audit"] == 1600 + 400
