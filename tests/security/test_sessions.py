"""Sessions that end: logout, a password change, a deactivation of the user or of its
organization end every session and token of that user at once; an idle session ends; the
cookies and headers a browser needs to keep them safe."""
from datetime import timedelta

import pytest

from models import db as _db, utcnow
from workflows.operations import accounts
from workflows.operations.organizations import save_organization

PAGE = "/notifications"


def _cookie(client):
    return client.get_cookie("session").value


def _signed_in(client, cookie) -> bool:
    client.set_cookie("session", cookie)
    return client.get(PAGE).status_code == 200


def _token(api, user):
    return api.as_(user).token


def _token_works(client, token) -> bool:
    return client.get("/api/v1/notifications",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_cookie_saved_before_logout_no_longer_works(app, web, make, db):
    user = make.user("manager")
    web.login(user)
    saved = _cookie(web.client)
    assert _signed_in(web.client, saved)
    assert web.post("/logout").status_code == 303
    assert not _signed_in(app.test_client(), saved)


def test_a_password_change_ends_the_other_sessions_and_tokens(app, web, api, make, db, clock):
    user = make.user("inspector")
    token = _token(api, user)
    other = app.test_client()
    other.post("/login", data={"username": user.username, "password": "secret-pass"})
    web.login(user)
    response = web.post("/account/password", {"current_password": "secret-pass",
                                              "new_password": "a-new-Pass-2026",
                                              "confirm": "a-new-Pass-2026"})
    assert response.status_code == 303
    assert web.get(PAGE).status_code == 200  # this session goes on, logged in again
    assert other.get(PAGE).status_code == 302
    assert not _token_works(app.test_client(), token)


@pytest.mark.parametrize("what", ["user", "organization"])
def test_deactivation_ends_sessions_and_tokens_at_once(app, web, api, make, db, clock, what):
    admin = make.user("admin")
    investor = make.user("investor")
    token = _token(api, investor)
    web.login(investor)
    assert web.get(PAGE).status_code == 200 and _token_works(app.test_client(), token)
    if what == "user":
        accounts.update_user(_db.session, admin, investor, clock(), active=False)
    else:
        save_organization(_db.session, admin, clock(), code=investor.organization.code,
                          create=False, active=False)
    _db.session.commit()
    assert web.get(PAGE).status_code == 302
    assert not _token_works(app.test_client(), token)
    answer = app.test_client().post("/api/v1/tokens", json={"username": investor.username,
                                                            "password": "secret-pass"})
    assert answer.status_code == 401


def test_an_idle_session_ends(app, web, make, db, clock, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 30)
    user = make.user("manager")
    web.login(user)
    clock.set(clock.now + timedelta(minutes=20))
    assert web.get(PAGE).status_code == 200  # in use: the idle time starts again
    clock.set(clock.now + timedelta(minutes=25))
    assert web.get(PAGE).status_code == 200
    clock.set(clock.now + timedelta(minutes=31))
    response = web.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_security_headers_on_every_response(client, make, db, api):
    user = make.user("manager")
    api.as_(user)
    for response in (client.get("/login"), client.get("/no-such-page"),
                     api.get("/api/v1/notifications"), client.get("/api/v1/clusters"),
                     client.get("/static/js/app.js")):
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", response.request.path
        assert headers["Referrer-Policy"] == "same-origin"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in headers  # development: plain HTTP


def test_production_cookies_and_hsts(own_app, monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    app = own_app()
    with app.app_context():
        accounts.create_user(_db.session, None, utcnow(), username="prod", role="investor",
                             organization=_org(), password="long-enough-pass")
        _db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"username": "prod", "password": "long-enough-pass"},
                           base_url="https://ccn.example")
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def _org():
    from models import Organization

    org = Organization(code="INV-P", name_vi="Công ty P", kind="investor")
    _db.session.add(org)
    _db.session.flush()
    return org
