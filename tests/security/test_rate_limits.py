"""Rate limits on the authentication endpoints, per address and per account (Flask-Limiter).
Memory storage here; the Redis test shows two workers sharing one count."""
import socket
import uuid

import pytest

from config import ConfigError, from_environment


def _limited_app(own_app, **overrides):
    config = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
              "RATELIMIT_AUTH_PER_ADDRESS": "3 per minute",
              "RATELIMIT_AUTH_PER_ACCOUNT": "100 per minute"}
    config.update(overrides)
    return own_app(**config)


def _login(client, username, address="10.0.0.1"):
    return client.post("/login", data={"username": username, "password": "wrong-pass"},
                       environ_base={"REMOTE_ADDR": address})


def _token(client, username, address="10.0.0.1"):
    return client.post("/api/v1/tokens", json={"username": username, "password": "wrong-pass"},
                       environ_base={"REMOTE_ADDR": address})


def test_a_limit_the_library_cannot_read_stops_the_start():
    """Read at start-up: a typo would otherwise surface as a 500 on every login."""
    settings = from_environment({"RATELIMIT_AUTH_PER_ADDRESS": "5/minute; 100/hour",
                                 "RATELIMIT_AUTH_PER_ACCOUNT": "2 per minute"})
    assert settings["RATELIMIT_AUTH_PER_ADDRESS"] == "5/minute; 100/hour"
    assert settings["RATELIMIT_AUTH_PER_ACCOUNT"] == "2 per minute"
    for name in ("RATELIMIT_AUTH_PER_ADDRESS", "RATELIMIT_AUTH_PER_ACCOUNT"):
        for wrong in ("10 per minut", "ten per minute", "10 per minute per hour"):
            with pytest.raises(ConfigError, match=name):
                from_environment({name: wrong})
    # The account's count takes one limit: a second one would be silently ignored.
    with pytest.raises(ConfigError, match="RATELIMIT_AUTH_PER_ACCOUNT"):
        from_environment({"RATELIMIT_AUTH_PER_ACCOUNT": "2/minute; 20/hour"})


def test_one_address_is_limited_across_accounts(own_app):
    client = _limited_app(own_app).test_client()
    assert [_login(client, f"user{i}").status_code for i in range(4)] == [200, 200, 200, 429]
    assert _login(client, "user9", address="10.0.0.2").status_code == 200  # another address
    assert client.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200


def test_one_account_is_limited_across_addresses(own_app):
    client = _limited_app(own_app, RATELIMIT_AUTH_PER_ADDRESS="100 per minute",
                          RATELIMIT_AUTH_PER_ACCOUNT="2 per minute").test_client()
    codes = [_token(client, "target", address=f"10.0.1.{i}").status_code for i in range(3)]
    assert codes == [401, 401, 429]
    assert client.post("/api/v1/tokens", json={"username": "target", "password": "x"},
                       environ_base={"REMOTE_ADDR": "10.0.9.9"}).get_json()["error"] \
        == "too_many_requests"
    assert _token(client, "someone-else", address="10.0.1.0").status_code == 401


def test_the_api_token_endpoint_is_limited_per_address(own_app):
    client = _limited_app(own_app).test_client()
    assert [_token(client, f"u{i}").status_code for i in range(4)] == [401, 401, 401, 429]


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_workers_share_the_count_through_redis(own_app):
    """Two apps stand for two gunicorn workers: with memory storage each would allow the
    limit; with Redis they share one count."""
    pytest.importorskip("redis")
    settings = dict(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                    RATELIMIT_AUTH_PER_ADDRESS="3 per minute")
    first, second = (_limited_app(own_app, **settings).test_client() for _ in range(2))
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"  # fresh per run
    assert _login(first, "a", address).status_code == 200
    assert _login(second, "b", address).status_code == 200
    assert _login(first, "c", address).status_code == 200
    assert _login(second, "d", address).status_code == 429
