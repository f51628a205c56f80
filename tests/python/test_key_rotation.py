"""Master-key rotation: every value re-encrypted in one transaction; a process killed at
any point leaves every secret decryptable, and the next process finishes or undoes it."""

import json

import pytest

from conftest import run_python

SEED = r"""
import flowfile as ff
ff.create_database_connection("pg", host="h", password="pg-pw")
ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
    connection_name="lake", storage_type="s3", auth_method="access_key",
    aws_access_key_id="AKIAX", aws_secret_access_key="lake-sk", aws_session_token="lake-tok"))
for i in range(20):
    ff.secrets.set(f"s{i}", f"value-{i}")
print(ff.key_info()["fingerprint"])
"""

READ_ALL = r"""
import json, flowfile as ff
values = {s.name: ff.secrets.get(s.name).get_secret_value() for s in ff.secrets.list()}
print(json.dumps({"values": values, "key": ff.key_info()}))
"""

EXPECTED = {f"s{i}": f"value-{i}" for i in range(20)}


def env_for(home):
    return {"FLOWFILE_HOME": str(home), "FLOWFILE_KEYRING": "0"}


def test_rotate_reencrypts_everything(home):
    env = env_for(home)
    old = run_python(SEED, env).stdout.strip()
    r = run_python("import json, flowfile as ff; print(json.dumps(ff.rotate_key()))", env)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["old_fingerprint"] == old and result["new_fingerprint"] != old
    assert result["reencrypted"] == 23  # 20 secrets + 1 password + 2 cloud fields
    state = json.loads(run_python(READ_ALL, env).stdout)
    assert state["values"] == EXPECTED
    assert state["key"]["fingerprint"] == result["new_fingerprint"]
    assert state["key"]["secrets_encrypted"] == 23
    assert not (home / ".secret_key.next").exists()


# Killed before the new key is published, the rotation is rolled back; after it (from
# "switched" on, the store's current key), the next process finishes it.
@pytest.mark.parametrize("point, promoted", [
    ("staged", False), ("switched", True), ("mid-transaction", True), ("resealed", True),
    ("promoted", True)])
def test_killed_mid_rotation_leaves_everything_readable(home, point, promoted):
    env = env_for(home)
    old = run_python(SEED, env).stdout.strip()
    r = run_python("import flowfile as ff; ff.rotate_key()", dict(env, FLOWFILE_FAULT=f"rotate:{point}"))
    assert r.returncode == -9, (r.returncode, r.stderr)  # SIGKILL: no cleanup ran
    state = json.loads(run_python(READ_ALL, env).stdout)
    assert state["values"] == EXPECTED
    assert (state["key"]["fingerprint"] != old) == promoted
    assert state["key"]["secrets_encrypted"] == 23
    assert not (home / ".secret_key.next").exists()
    # And a later rotation works normally.
    r = run_python("import flowfile as ff; ff.rotate_key()", env)
    assert r.returncode == 0, r.stderr
    assert json.loads(run_python(READ_ALL, env).stdout)["values"] == EXPECTED


def test_environment_key_rotation_hands_the_new_key_to_the_operator(tmp_path):
    from cryptography.fernet import Fernet
    home = tmp_path / "h"
    old = Fernet.generate_key().decode()
    base = {"FLOWFILE_HOME": str(home), "FLOWFILE_KEYRING": "0"}
    env = dict(base, FLOWFILE_MASTER_KEY=old)
    assert run_python("import flowfile as ff; ff.secrets.set('a', 'b')", env).returncode == 0
    code = ("import json, flowfile as ff; r = ff.rotate_key(); "
            "print(repr(r['new_key'])); print(r['new_key'].get_secret_value())")
    r = run_python(code, env)
    assert r.returncode == 0, r.stderr
    shown, new = r.stdout.split()
    assert shown == "SecretStr('**********')" and new != old
    staged = home / ".secret_key.next"
    assert staged.read_text().strip() == new and (staged.stat().st_mode & 0o777) == 0o600
    read = "import flowfile as ff; print(ff.secrets.get('a').get_secret_value())"
    assert run_python(read, env).stdout.strip() == "b"  # the old key's processes keep working
    r = run_python("import flowfile as ff; ff.rotate_key()", env)  # not installed yet
    assert r.returncode != 0 and "not installed yet" in r.stderr, r.stderr
    assert run_python(read, dict(base, FLOWFILE_MASTER_KEY=new)).stdout.strip() == "b"
    assert not staged.exists()  # installed: the copy in the home is gone
    r = run_python("import flowfile as ff; print(ff.secrets.get('a'))", env)
    assert r.returncode != 0 and "restore that key" in r.stderr.lower(), r.stderr


def test_environment_key_rotates_with_previous(tmp_path):
    from cryptography.fernet import Fernet
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    base = {"FLOWFILE_HOME": str(tmp_path / "h"), "FLOWFILE_KEYRING": "0"}
    r = run_python("import flowfile as ff; ff.secrets.set('a', 'value-a');"
                   "ff.create_database_connection('pg', host='h', password='pw')",
                   dict(base, FLOWFILE_MASTER_KEY=old))
    assert r.returncode == 0, r.stderr
    # New key set, old one passed as PREVIOUS: values still readable, rotation re-seals them.
    env = dict(base, FLOWFILE_MASTER_KEY=new, FLOWFILE_MASTER_KEY_PREVIOUS=old)
    r = run_python("import json, flowfile as ff; print(json.dumps(ff.rotate_key()))", env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["reencrypted"] == 2
    # Without PREVIOUS now: everything reads under the new key alone.
    r = run_python("import flowfile as ff; print(ff.secrets.get('a').get_secret_value());"
                   "print(ff.key_info()['secrets_encrypted'])",
                   dict(base, FLOWFILE_MASTER_KEY=new))
    assert r.stdout.split() == ["value-a", "2"], r.stderr
