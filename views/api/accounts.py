"""Accounts through the API: the caller's own tokens and password; users and organizations
for administrators. The rules are workflows/operations/accounts.py (a role must fit its
organization's kind) and workflows/operations/organizations.py."""
from flask import g, jsonify
from flask_babel import gettext as _
from sqlalchemy import select

from forms.accounts import (ApiNewOrganizationForm, ApiNewUserForm, ApiOrganizationForm,
                            ApiPasswordForm, ApiUserForm)
from models import Organization, User, db
from workflows.operations import accounts
from workflows.operations.organizations import save_organization
from workflows.permissions import can_manage_accounts

from ..clock import now
from ..limits import hit_account
from . import bp
from .errors import ApiError, invalid, not_found
from .input import form_data, json_object


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


def _sent(form_cls, partial=False) -> dict:
    """The fields the JSON body sends, read through the API's form (forms/accounts.py) and
    validated as the pages' are: a 422 names each wrong one. A change (`partial`) checks
    only the fields it sends; the others stay as they are."""
    body = json_object()
    form = form_cls.from_api(form_data(body, form_cls))
    sent = [name for name, value in body.items() if value is not None]
    errors = {} if form.validate() else form.error_map()
    errors = {k: m for k, m in errors.items() if k in sent or not partial}
    if errors:
        raise invalid(errors)
    return {name: form[name].data for name in sent}


@bp.post("/password")
def change_password():
    sent = _sent(ApiPasswordForm)
    hit_account(f"#{g.api_user.id}")
    accounts.change_password(db.session, g.api_user, now(), current=sent["current_password"],
                             new=sent["new_password"])
    return jsonify({"changed": True, "message": _("Đã đổi mật khẩu; mọi mã truy cập đã bị thu "
                                                  "hồi, hãy lấy mã mới")})


def _admin():
    if not can_manage_accounts(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ quản trị viên quản lý tài khoản"))


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
    sent = _sent(ApiNewUserForm)
    organization = db.session.get(Organization, sent.pop("organization_id"))
    user, temporary = accounts.create_user(db.session, g.api_user, now(),
                                           organization=organization, **sent)
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
    sent = _sent(ApiUserForm, partial=True)
    if "organization_id" in sent:
        sent["organization"] = db.session.get(Organization, sent.pop("organization_id"))
        if sent["organization"] is None:
            raise invalid({"organization_id": _("Không có tổ chức này")})
    accounts.update_user(db.session, g.api_user, user, now(), **sent)
    return jsonify(user.to_dict())


@bp.get("/organizations")
def organizations_list():
    _admin()
    orgs = db.session.scalars(select(Organization).order_by(Organization.code))
    return jsonify({"items": [o.to_dict() for o in orgs]})


@bp.post("/organizations")
def organizations_create():
    _admin()
    sent = _sent(ApiNewOrganizationForm)
    org, _changes = save_organization(db.session, g.api_user, now(), create=True, **sent)
    return jsonify(org.to_dict()), 201


@bp.patch("/organizations/<int:org_id>")
def organizations_update(org_id):
    _admin()
    org = db.session.get(Organization, org_id)
    if org is None:
        raise not_found("organization")
    sent = _sent(ApiOrganizationForm, partial=True)
    org, _changes = save_organization(db.session, g.api_user, now(), code=org.code,
                                      create=False, **sent)
    return jsonify(org.to_dict())
