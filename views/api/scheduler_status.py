from flask import g, jsonify

from models import db
from scheduler.heartbeat import status
from workflows.permissions import can_see_scheduler

from ..clock import now
from . import bp
from .errors import ApiError



@bp.get("/scheduler/status")
def scheduler_status():
    if not can_see_scheduler(g.api_user):
        raise ApiError(403, "forbidden", "Chỉ quản trị và lãnh đạo / admins and managers only")
    return jsonify(status(db.session, now()))
