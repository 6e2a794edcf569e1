"""A temporary password opens only the page that changes it: until it is changed, the API
neither issues a token to its user nor accepts one the user held before."""
from sqlalchemy import func, select

from models import ApiToken
from workflows.operations import accounts

TEMPORARY = "Tài khoản đang dùng mật khẩu tạm"


def test_no_token_is_issued_for_a_temporary_password(client, make, db, clock):
    admin, user = make.user("admin"), make.user("investor")
    temporary = accounts.reset_password(db.session, admin, user, clock())
    db.session.commit()
    r = client.post("/api/v1/tokens", json={"username": user.username, "password": temporary})
    assert r.status_code == 403, r.get_json()
    assert r.get_json()["error"] == "forbidden" and TEMPORARY in r.get_json()["message"]
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0
    # In English too, for a caller that asks for it.
    r = client.post("/api/v1/tokens", json={"username": user.username, "password": temporary},
                    headers={"Accept-Language": "en"})
    assert r.status_code == 403 and "temporary password" in r.get_json()["message"]
    # A wrong password still answers as any refused login does: nothing is told.
    r = client.post("/api/v1/tokens", json={"username": user.username, "password": "wrong-1"})
    assert r.status_code == 401 and TEMPORARY not in r.get_json()["message"]
    # Once changed (on the page), the new password gets a token.
    user.set_password("chosen-by-me-1")
    user.must_change_password = False
    db.session.commit()
    r = client.post("/api/v1/tokens", json={"username": user.username,
                                            "password": "chosen-by-me-1"})
    assert r.status_code == 201


def test_a_token_held_before_stops_while_the_password_is_temporary(api, make, db):
    user = make.user("manager")
    api.as_(user)
    assert api.get("/api/v1/tokens").status_code == 200
    user.must_change_password = True  # e.g. set on the account while its token lives on
    db.session.commit()
    for r in (api.get("/api/v1/tokens"), api.get("/api/v1/violations"),
              api.post("/api/v1/password", json={"current_password": "secret-pass",
                                                  "new_password": "chosen-by-me-1"})):
        assert r.status_code == 403, r.get_json()
        assert TEMPORARY in r.get_json()["message"]
    user.must_change_password = False
    db.session.commit()
    assert api.get("/api/v1/tokens").status_code == 200
