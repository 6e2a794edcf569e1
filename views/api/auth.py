"""Bearer tokens: POST /tokens trades a username and password for a token; every other
call sends `Authorization: Bearer <token>`."""
from flask import current_app, g, request
from flask_babel import gettext as _

from models import db, utcnow
from workflows.operations import accounts

from ..clock import now
from ..limits import hit_account
from ..transaction import keep_refusal
from .errors import ApiError, invalid
from .input import json_object


def issue_token():
    """The same authentication as the login page: the lockout holds and failures count."""
    body = json_object(required=("username", "password"), allowed=("username", "password"))
    wrong_type = {k: _("phải là chuỗi") for k in ("username", "password")
                  if not isinstance(body[k], str) or len(body[k]) > 200}
    if wrong_type:
        raise invalid(wrong_type)
    hit_account(body["username"])
    try:
        user = accounts.authenticate(db.session, body["username"], body["password"], now(),
                                     channel="api", address=request.remote_addr)
    except accounts.LoginRefused as refused:
        keep_refusal()  # the failure counts although the answer is 401
        raise ApiError(401, "unauthorized", str(refused.message)) from None
    hours = current_app.config["API_TOKEN_TTL_HOURS"]
    token, _row = accounts.issue_token(db.session, user, utcnow(), hours)
    return {"token": token, "expires_in_hours": hours, "user": user.to_dict()}, 201


def authenticate():
    """before_request for the API blueprint: sets g.api_user or refuses with 401."""
    if request.endpoint == "api.tokens" and request.method == "POST":
        return
    if request.endpoint in ("api.openapi", "api.docs"):
        return  # the API's description holds no data
    if getattr(current_app.view_functions.get(request.endpoint), "device_endpoint", False):
        return  # a monitoring station's endpoint checks its Device token itself (readings.py)
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", _("Thiếu mã truy cập"))
    user = accounts.token_user(db.session, token.strip(), utcnow())
    if user is None:
        raise ApiError(401, "unauthorized", _("Mã truy cập không hợp lệ hoặc đã hết hạn"))
    accounts.require_own_password(user)  # 403, whenever the token was issued
    g.api_user = user
