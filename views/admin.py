"""Admin pages: /admin/scheduler shows whether the scheduler leads and beats."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from models import db
from scheduler.heartbeat import status
from workflows.permissions import can_see_scheduler

from .clock import now

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/scheduler")
@login_required
def scheduler_status():
    if not can_see_scheduler(current_user):
        abort(403)
    return render_template("scheduler/status.html", status=status(db.session, now()))
