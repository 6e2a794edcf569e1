"""Behind a reverse proxy, the client's address is the one the proxy forwards, but only when
the configuration says how many proxies stand in front (TRUSTED_PROXIES): otherwise
X-Forwarded-For is whatever the client wrote, and is ignored."""
import logging

import pytest

from config import ConfigError, from_environment

PROXY = "10.0.0.254"


def _app(own_app, proxies):
    return own_app(TRUSTED_PROXIES=proxies, RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI="memory://", RATELIMIT_AUTH_PER_ADDRESS="3 per minute",
                   RATELIMIT_AUTH_PER_ACCOUNT="100 per minute")


def _login(client, forwarded_for, username="someone"):
    return client.post("/login", data={"username": username, "password": "wrong-pass"},
                       headers={"X-Forwarded-For": forwarded_for},
                       environ_base={"REMOTE_ADDR": PROXY})


def test_the_count_of_proxies_comes_from_the_environment():
    assert from_environment({})["TRUSTED_PROXIES"] == 0
    assert from_environment({"TRUSTED_PROXIES": "1"})["TRUSTED_PROXIES"] == 1
    for wrong in ("-1", "yes", "1.5"):
        with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
            from_environment({"TRUSTED_PROXIES": wrong})


def test_behind_one_trusted_proxy_the_limit_keys_on_the_forwarded_address(own_app, caplog):
    client = _app(own_app, 1).test_client()
    codes = [_login(client, "203.0.113.5").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another client behind the same proxy has its own count.
    assert _login(client, "203.0.113.6").status_code == 200
    # A client writing its own X-Forwarded-For gets the proxy's entry appended after it:
    # the one entry trusted is still its real address.
    assert _login(client, "198.51.100.1, 203.0.113.5").status_code == 429
    with caplog.at_level(logging.INFO, logger="ccn.access"):
        _login(client, "203.0.113.7")
    assert [r.remote_addr for r in caplog.records if r.name == "ccn.access"] == ["203.0.113.7"]


def test_without_trusted_proxies_a_forged_header_changes_nothing(own_app, caplog):
    client = _app(own_app, 0).test_client()
    codes = [_login(client, f"203.0.113.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]  # one count: the address that connected
    with caplog.at_level(logging.INFO, logger="ccn.access"):
        assert _login(client, "198.51.100.99").status_code == 429
    assert [r.remote_addr for r in caplog.records if r.name == "ccn.access"] == [PROXY]
