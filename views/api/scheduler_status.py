from flask import g, jsonify
from flask_babel import gettext as _

from models import db
from scheduler.heartbeat import status
from workflows.permissions import can_see_scheduler

from ..clock import now
from . import bp
from .errors import ApiError



@bp.get("/scheduler/status")
def scheduler_status():
    if not can_see_scheduler(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ quản trị và lãnh đạo"))
    return jsonify(status(db.session, now()))
