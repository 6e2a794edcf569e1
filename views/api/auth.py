"""Bearer tokens: POST /tokens trades a username and password for a token; every other
call sends `Authorization: Bearer <token>`."""
from flask_babel import gettext as _
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import select

from models import ApiToken, User, db, utcnow
from models.base import aware

from .errors import ApiError
from .input import json_object


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token():
    body = json_object(required=("username", "password"), allowed=("username", "password"))
    user = db.session.scalar(select(User).where(User.username == body["username"]))
    if user is None or not user.active or not user.check_password(str(body["password"])):
        raise ApiError(401, "unauthorized",
                       _("Sai tên đăng nhập hoặc mật khẩu"))
    token = secrets.token_urlsafe(32)
    hours = current_app.config["API_TOKEN_TTL_HOURS"]
    db.session.add(ApiToken(user_id=user.id, token_hash=token_hash(token),
                            expires_at=utcnow() + timedelta(hours=hours)))
    return {"token": token, "expires_in_hours": hours, "user": user.to_dict()}, 201


def authenticate():
    """before_request for the API blueprint: sets g.api_user or refuses with 401."""
    if request.endpoint == "api.tokens":
        return
    if getattr(current_app.view_functions.get(request.endpoint), "device_endpoint", False):
        return  # a monitoring station's endpoint checks its Device token itself (readings.py)
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized",
                       _("Thiếu mã truy cập"))
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token.strip())))
    if row is None or aware(row.expires_at) < utcnow() or not row.user.active:
        raise ApiError(401, "unauthorized",
                       _("Mã truy cập không hợp lệ hoặc đã hết hạn"))
    g.api_user = row.user
