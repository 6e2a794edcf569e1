"""Accounts through the API and the pages: own tokens, users and organizations for the
administrators, unlock, a temporary password that must be changed first."""
from datetime import timedelta

import pytest

from sqlalchemy import select

from models import ApiToken, Organization, User


def test_own_tokens_are_listed_without_secrets_and_revoked_only_by_their_owner(api, make, db,
                                                                               client):
    owner, stranger = make.user("inspector"), make.user("manager")
    api.as_(stranger)
    strangers_token = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == stranger.id))
    api.as_(owner)
    first = api.token
    api.as_(owner)
    listed = api.get("/api/v1/tokens").get_json()["items"]
    assert len(listed) == 2 and all(set(t) == {"id", "created_at", "expires_at"} for t in listed)
    assert first not in str(listed)
    assert api.client.delete(f"/api/v1/tokens/{strangers_token}",
                             headers=api._headers()).status_code == 404
    mine = [t["id"] for t in listed]
    assert api.client.delete(f"/api/v1/tokens/{mine[0]}",
                             headers=api._headers()).status_code == 204
    assert client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {first}"}
                      ).status_code == 401
    assert len(api.get("/api/v1/tokens").get_json()["items"]) == 1


def test_users_and_organizations_are_for_administrators(api, make, db):
    admin, manager = make.user("admin"), make.user("manager")
    api.as_(manager)
    for method, url in (("get", "/api/v1/users"), ("post", "/api/v1/users"),
                        ("get", "/api/v1/organizations"), ("post", "/api/v1/organizations"),
                        ("patch", f"/api/v1/users/{manager.id}"),
                        ("patch", f"/api/v1/organizations/{manager.organization_id}")):
        r = getattr(api.client, method)(url, json={}, headers=api._headers())
        assert r.status_code == 403, (method, url, r.status_code)
    api.as_(admin)
    org = api.post("/api/v1/organizations", json={"code": "INV-NEW", "name_vi": "Công ty Mới",
                                                  "kind": "investor"})
    assert org.status_code == 201
    org_id = org.get_json()["id"]
    user = api.post("/api/v1/users", json={"username": "cdt-new", "role": "investor",
                                           "organization_id": org_id})
    assert user.status_code == 201 and len(user.get_json()["temporary_password"]) >= 8
    renamed = api.client.patch(f"/api/v1/organizations/{org_id}",
                               json={"name_vi": "Công ty Mới Đổi Tên",
                                     "parent_id": manager.organization_id},
                               headers=api._headers())
    assert renamed.status_code == 200 and renamed.get_json()["parent_id"] == \
        manager.organization_id
    off = api.client.patch(f"/api/v1/users/{user.get_json()['id']}", json={"active": False},
                           headers=api._headers())
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert api.client.patch("/api/v1/users/999999", json={}, headers=api._headers()
                            ).status_code == 404
    assert db.session.scalar(select(Organization.name_vi).where(Organization.id == org_id)) \
        == "Công ty Mới Đổi Tên"


def test_a_temporary_password_must_be_changed_before_anything_else(web, make, db, clock):
    from workflows.operations import accounts

    admin, user = make.user("admin"), make.user("investor")
    temporary = accounts.reset_password(db.session, admin, user, clock())
    db.session.commit()
    response = web.client.post("/login", data={"username": user.username,
                                               "password": temporary})
    assert response.headers["Location"] == "/account/password"
    assert web.get("/violations").headers["Location"].endswith("/account/password")
    changed = web.post("/account/password", {"current_password": temporary,
                                             "new_password": "chosen-by-me-1",
                                             "confirm": "chosen-by-me-1"})
    assert changed.status_code == 303
    assert web.get("/violations").status_code == 200


def test_an_administrator_unlocks_a_locked_account(web, make, db, clock):
    admin, user = make.user("admin"), make.user("manager")
    user.locked_until = clock() + timedelta(minutes=10)
    db.session.commit()
    web.login(admin)
    page = web.text(f"/accounts/users/{user.id}")
    assert "tạm khóa" in page
    assert web.post(f"/accounts/users/{user.id}/unlock").status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until is None


def test_the_pages_manage_organizations(web, make, db):
    admin = make.user("admin")
    parent = make.department()
    db.session.commit()
    web.login(admin)
    created = web.post("/accounts/organizations/new", {
        "code": "UBND-MOI", "name_vi": "UBND xã Mới", "kind": "commune_committee",
        "parent_id": parent.id, "active": "y"})
    assert created.status_code == 303
    org = db.session.scalar(select(Organization).where(Organization.code == "UBND-MOI"))
    assert org.parent_id == parent.id and org.active
    off = web.post(f"/accounts/organizations/{org.id}", {
        "code": "UBND-MOI", "name_vi": "UBND xã Mới (cũ)", "kind": "commune_committee",
        "parent_id": parent.id})
    assert off.status_code == 303
    db.session.expire_all()
    org = db.session.get(Organization, org.id)
    assert org.name_vi == "UBND xã Mới (cũ)" and not org.active


def test_a_name_or_address_longer_than_its_column_is_refused_beside_it(api, make, db):
    """The database would refuse it with an error (a 500 on PostgreSQL); the API names the
    field instead, on creation and on change."""
    admin = make.user("admin")
    org = make.org("investor")
    api.as_(admin)
    r = api.post("/api/v1/users", json={"username": "dai", "role": "investor",
                                        "organization_id": org.id, "full_name": "x" * 300})
    assert r.status_code == 422 and "full_name" in r.get_json()["errors"], r.get_json()
    user = make.user("investor", org=org)
    db.session.commit()
    r = api.client.patch(f"/api/v1/users/{user.id}", json={"email": "a" * 300 + "@x.vn"},
                         headers=api._headers())
    assert r.status_code == 422 and "email" in r.get_json()["errors"], r.get_json()


def _patch(api, url, body):
    return api.client.patch(url, json=body, headers=api._headers())


@pytest.mark.parametrize("field,value", [
    ("username", 12), ("username", True), ("username", ["a"]), ("username", None),
    ("organization_id", "abc"), ("organization_id", True), ("organization_id", 1.5),
    ("organization_id", {"id": 1}), ("organization_id", 999999), ("role", 5),
    ("role", "superuser"), ("full_name", 7), ("email", ["a@x.vn"]), ("password", 12345678),
    ("active", True)])
def test_a_malformed_new_user_is_refused_beside_its_field(api, make, db, field, value):
    """Nothing of a wrong JSON type reaches the operation: a 422 names the field, and no
    user is made (a username 12 is no username, an organization "abc" no organization)."""
    org = make.org("investor")
    api.as_(make.user("admin"))
    body = {"username": "cdt-moi", "role": "investor", "organization_id": org.id,
            field: value}
    r = api.post("/api/v1/users", json=body)
    assert r.status_code == 422 and field in r.get_json()["errors"], r.get_json()
    assert db.session.scalar(select(User).where(User.username.in_(["cdt-moi", "12"]))) is None


@pytest.mark.parametrize("field,value", [
    ("active", "yes"), ("active", 1), ("active", "1"), ("active", []),
    ("organization_id", "abc"), ("organization_id", False), ("organization_id", 999999),
    ("role", 3), ("email", 5), ("full_name", {"a": 1}), ("username", "doi-ten")])
def test_a_malformed_user_change_is_refused_and_changes_nothing(api, make, db, field, value):
    org = make.org("investor")
    user = make.user("investor", org=org, full_name="Nguyễn Văn A")
    api.as_(make.user("admin"))
    r = _patch(api, f"/api/v1/users/{user.id}", {"full_name": "Đổi", field: value})
    assert r.status_code == 422 and field in r.get_json()["errors"], r.get_json()
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.full_name, user.active, user.organization_id) == ("Nguyễn Văn A", True, org.id)


def test_a_user_change_touches_only_the_fields_sent(api, make, db):
    """A flag left out is not false: a change of name keeps the user active."""
    org, other = make.org("investor"), make.org("investor", code="CDT-2")
    user = make.user("investor", org=org)
    api.as_(make.user("admin"))
    r = _patch(api, f"/api/v1/users/{user.id}", {"full_name": "Tên mới", "email": None})
    assert r.status_code == 200 and r.get_json()["active"] is True, r.get_json()
    r = _patch(api, f"/api/v1/users/{user.id}", {"organization_id": other.id, "active": False})
    assert r.status_code == 200, r.get_json()
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.full_name, user.organization_id, user.active) == ("Tên mới", other.id, False)


@pytest.mark.parametrize("field,value", [
    ("code", 12), ("name_vi", None), ("name_vi", ["x"]), ("kind", 5), ("kind", None),
    ("parent_id", "abc"), ("parent_id", True), ("active", "yes"), ("active", 0),
    ("email", {"a": 1}), ("website", "x")])
def test_a_malformed_organization_is_refused_beside_its_field(api, make, db, field, value):
    api.as_(make.user("admin"))
    body = {"code": "UBND-MOI", "name_vi": "UBND xã Mới", "kind": "commune_committee",
            field: value}
    r = api.post("/api/v1/organizations", json=body)
    assert r.status_code == 422 and field in r.get_json()["errors"], r.get_json()
    assert db.session.scalar(select(Organization).where(
        Organization.code.in_(["UBND-MOI", "12"]))) is None


@pytest.mark.parametrize("field,value", [
    ("active", "yes"), ("parent_id", "abc"), ("parent_id", False), ("name_vi", 12),
    ("name_vi", ""), ("kind", ["investor"]), ("code", "DOI-MA")])
def test_a_malformed_organization_change_is_refused_and_changes_nothing(api, make, db, field,
                                                                        value):
    org = make.org("commune_committee", code="UBND-X")
    before = org.to_dict()
    api.as_(make.user("admin"))
    r = _patch(api, f"/api/v1/organizations/{org.id}", {"name_en": "Renamed", field: value})
    assert r.status_code == 422 and field in r.get_json()["errors"], r.get_json()
    db.session.expire_all()
    assert db.session.get(Organization, org.id).to_dict() == before


def test_an_organization_is_never_placed_under_itself_nor_one_below_it(api, make, db, web):
    top = make.department()
    middle = make.org("commune_committee", code="UBND-GIUA", parent=top)
    below = make.org("investor", code="CDT-DUOI", parent=middle)
    admin = make.user("admin")
    api.as_(admin)
    for parent in (top, middle, below):
        r = _patch(api, f"/api/v1/organizations/{top.id}", {"parent_id": parent.id})
        assert r.status_code == 422, r.get_json()
        assert r.get_json()["errors"] == {"parent_id": "tổ chức cấp trên không hợp lệ"}
    db.session.expire_all()
    assert db.session.get(Organization, top.id).parent_id is None
    # The page says it beside the field.
    web.login(admin)
    page = web.post(f"/accounts/organizations/{top.id}", {
        "name_vi": top.name_vi, "kind": top.kind, "parent_id": below.id})
    assert page.status_code == 422
    assert '<p class="error" data-field="parent_id">tổ chức cấp trên không hợp lệ</p>' \
        in page.get_data(as_text=True)
    # Under one beside it is fine.
    r = _patch(api, f"/api/v1/organizations/{below.id}", {"parent_id": top.id})
    assert r.status_code == 200 and r.get_json()["parent_id"] == top.id


def test_an_organization_of_a_new_kind_is_made_and_changed_through_the_api(api, make, db):
    """A kind is data (a reform adds one): the API takes any; true and false are flags."""
    api.as_(make.user("admin"))
    r = api.post("/api/v1/organizations", json={"code": "TTHC", "name_vi": "Trung tâm",
                                                "kind": "service_centre", "active": False,
                                                "parent_id": None})
    assert r.status_code == 201 and r.get_json()["active"] is False, r.get_json()
    r = _patch(api, f"/api/v1/organizations/{r.get_json()['id']}", {"active": True})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["kind"] == "service_centre" and r.get_json()["active"] is True


@pytest.mark.parametrize("body,field", [
    ({"current_password": "secret-pass", "new_password": 1234567890}, "new_password"),
    ({"current_password": None, "new_password": "chosen-by-me-1"}, "current_password"),
    ({"current_password": "secret-pass", "new_password": "chosen-by-me-1",
      "confirm": "chosen-by-me-1"}, "confirm")])
def test_a_malformed_password_change_is_refused_beside_its_field(api, make, db, body, field):
    user = make.user("inspector")
    api.as_(user)
    r = api.post("/api/v1/password", json=body)
    assert r.status_code == 422 and field in r.get_json()["errors"], r.get_json()
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("secret-pass")


@pytest.mark.parametrize("value", ["abc", 1.5, "1e400"])
def test_an_organization_id_that_is_no_integer_is_said_to_be_one(api, make, value):
    """The message says what is wrong with the value sent, not that nothing was sent."""
    api.as_(make.user("admin"))
    r = api.post("/api/v1/users", json={"username": "cdt-moi", "role": "investor",
                                        "organization_id": value})
    assert r.status_code == 422
    assert "bắt buộc" not in r.get_json()["errors"]["organization_id"]
