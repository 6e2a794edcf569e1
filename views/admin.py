"""Admin pages: /admin/scheduler shows whether the scheduler leads and beats."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from models import db
from scheduler.heartbeat import status

from .clock import now

bp = Blueprint("admin", __name__, url_prefix="/admin")
STATUS_ROLES = ("admin", "manager")


@bp.get("/scheduler")
@login_required
def scheduler_status():
    if current_user.role not in STATUS_ROLES:
        abort(403)
    return render_template("scheduler/status.html", status=status(db.session, now()))
