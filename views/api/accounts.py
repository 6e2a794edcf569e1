"""Accounts through the API: the caller's own tokens and password; users and organizations
for administrators. The rules are workflows/operations/accounts.py (a role must fit its
organization's kind) and workflows/operations/organizations.py."""
from flask import g, jsonify
from flask_babel import gettext as _
from sqlalchemy import select

from models import Organization, User, db
from workflows.operations import accounts
from workflows.operations.organizations import save_organization
from workflows.permissions import can_manage_accounts

from ..clock import now
from ..limits import hit_account
from . import bp
from .errors import ApiError, invalid, not_found
from .input import json_object


def _token_dict(row):
    return {"id": row.id, "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat()}


@bp.get("/tokens")
def list_tokens():
    """The caller's own tokens, never their secrets (only a hash is kept)."""
    return jsonify({"items": [_token_dict(t) for t in accounts.own_tokens(db.session,
                                                                          g.api_user)]})


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id):
    if not accounts.revoke_token(db.session, g.api_user, token_id, now()):
        raise not_found("token")
    return "", 204


@bp.post("/password")
def change_password():
    body = json_object(required=("current_password", "new_password"),
                       allowed=("current_password", "new_password"))
    hit_account(f"#{g.api_user.id}")
    _strings(body, ("current_password", "new_password"))
    accounts.change_password(db.session, g.api_user, now(), current=body["current_password"],
                             new=body["new_password"])
    return jsonify({"changed": True, "message": _("Đã đổi mật khẩu; mọi mã truy cập đã bị thu "
                                                  "hồi, hãy lấy mã mới")})


def _admin():
    if not can_manage_accounts(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ quản trị viên quản lý tài khoản"))


def _int_or_none(body, key):
    value = body.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise invalid({key: _("phải là số nguyên")})
    return value


def _bool_or_none(body, key):
    value = body.get(key)
    if value is not None and not isinstance(value, bool):
        raise invalid({key: _("phải là true hoặc false")})
    return value


def _strings(body, keys):
    wrong = {k: _("phải là chuỗi") for k in keys
             if body.get(k) is not None and not isinstance(body[k], str)}
    if wrong:
        raise invalid(wrong)


def _organization_or_422(org_id):
    org = db.session.get(Organization, org_id) if org_id is not None else None
    if org_id is not None and org is None:
        raise invalid({"organization_id": _("Không có tổ chức này")})
    return org


@bp.get("/users")
def users_list():
    _admin()
    users = db.session.scalars(select(User).order_by(User.username))
    return jsonify({"items": [u.to_dict() for u in users]})


@bp.post("/users")
def users_create():
    """A new user. Without a password, a temporary one is returned once, to be changed at
    the first login."""
    _admin()
    body = json_object(required=("username", "role", "organization_id"),
                       allowed=("username", "role", "organization_id", "full_name", "email",
                                "password"))
    _strings(body, ("username", "role", "full_name", "email", "password"))
    org_id = _int_or_none(body, "organization_id")
    user, temporary = accounts.create_user(
        db.session, g.api_user, now(), username=body["username"], role=body["role"],
        organization=_organization_or_422(org_id), full_name=body.get("full_name") or "",
        email=body.get("email"), password=body.get("password"))
    answer = user.to_dict()
    if temporary:
        answer["temporary_password"] = temporary
    return jsonify(answer), 201


@bp.patch("/users/<int:user_id>")
def users_update(user_id):
    _admin()
    user = db.session.get(User, user_id)
    if user is None:
        raise not_found("user")
    body = json_object(allowed=("role", "organization_id", "active", "full_name", "email"))
    _strings(body, ("role", "full_name", "email"))
    org_id = _int_or_none(body, "organization_id")
    accounts.update_user(db.session, g.api_user, user, now(), role=body.get("role"),
                         organization=_organization_or_422(org_id),
                         active=_bool_or_none(body, "active"), full_name=body.get("full_name"),
                         email=body.get("email"))
    return jsonify(user.to_dict())


@bp.get("/organizations")
def organizations_list():
    _admin()
    orgs = db.session.scalars(select(Organization).order_by(Organization.code))
    return jsonify({"items": [o.to_dict() for o in orgs]})


ORG_FIELDS = ("name_vi", "name_en", "kind", "email", "parent_id", "active")


def _save_org(code, create, body):
    _strings(body, ("code", "name_vi", "name_en", "kind", "email"))
    parent_id = _int_or_none(body, "parent_id")
    org, _changes = save_organization(
        db.session, g.api_user, now(), code=code, create=create,
        **{k: body.get(k) for k in ORG_FIELDS if k not in ("parent_id", "active")},
        parent_id=parent_id, active=_bool_or_none(body, "active"))
    return org


@bp.post("/organizations")
def organizations_create():
    _admin()
    body = json_object(required=("code", "name_vi", "kind"), allowed=("code",) + ORG_FIELDS)
    _strings(body, ("code",))
    return jsonify(_save_org(body["code"], True, body).to_dict()), 201


@bp.patch("/organizations/<int:org_id>")
def organizations_update(org_id):
    _admin()
    org = db.session.get(Organization, org_id)
    if org is None:
        raise not_found("organization")
    body = json_object(allowed=ORG_FIELDS)
    return jsonify(_save_org(org.code, False, body).to_dict())
