"""ff.secrets: arbitrary named secrets, and SecretStr."""

import pickle

import pytest


def test_set_get_list_delete(ff):
    assert ff.secrets.set("api_token", "tok-123") is True
    assert ff.secrets.set("api_token", ff.SecretStr("tok-456")) is False  # replaced
    value = ff.secrets.get("api_token")
    assert isinstance(value, ff.SecretStr)
    assert value.get_secret_value() == "tok-456"
    [info] = ff.secrets.list()
    assert info.name == "api_token" and info.created_at <= info.updated_at
    assert "tok-" not in repr(ff.secrets.list())
    assert ff.secrets.delete("api_token") is True
    assert ff.secrets.delete("api_token") is False
    assert ff.secrets.list() == []


def test_get_unknown_lists_known(ff):
    ff.secrets.set("slack_webhook", "x")
    ff.secrets.set("pagerduty", "y")
    with pytest.raises(ff.NotFoundError, match=r"unknown secret 'slack'; known secrets \(closest first\): slack_webhook, pagerduty"):
        ff.secrets.get("slack")


def test_pydantic_secretstr_v1_and_v2_accepted(ff):
    from pydantic import SecretStr as V2
    try:
        from pydantic.v1 import SecretStr as V1
    except ImportError:  # pydantic 1.x
        from pydantic import SecretStr as V1
    ff.secrets.set("v2", V2("two"))
    ff.secrets.set("v1", V1("one"))
    assert ff.secrets.get("v2").get_secret_value() == "two"
    assert ff.secrets.get("v1").get_secret_value() == "one"
    with pytest.raises(TypeError, match="a secret must be a str or a SecretStr"):
        ff.secrets.set("bad", 42)


def test_secretstr_masks_everywhere(ff):
    s = ff.SecretStr("hunter2")
    assert repr(s) == "SecretStr('**********')"
    assert str(s) == "**********" and f"{s}" == "**********"
    with pytest.raises(TypeError):
        pickle.dumps(s)
    with pytest.raises(AttributeError):
        s.x = 1


def test_secret_value_cannot_be_a_reference(ff):
    with pytest.raises(ff.InvalidArgumentError, match="cannot itself be a"):
        ff.secrets.set("loop", "${secret:other}")
