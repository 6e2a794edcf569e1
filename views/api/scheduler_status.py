from flask import g, jsonify

from models import db
from scheduler.heartbeat import status

from ..clock import now
from . import bp
from .errors import ApiError

STATUS_ROLES = ("admin", "manager")


@bp.get("/scheduler/status")
def scheduler_status():
    if g.api_user.role not in STATUS_ROLES:
        raise ApiError(403, "forbidden", "Chỉ quản trị và lãnh đạo / admins and managers only")
    return jsonify(status(db.session, now()))
