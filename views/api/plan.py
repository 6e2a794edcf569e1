from flask import g, jsonify, request
from flask_babel import gettext as _

from models import db
from workflows.permissions import can_see_dashboard
from workflows.plan import progress

from ..clock import today
from . import bp
from .errors import ApiError
from .input import query_int


@bp.get("/plan-progress")
def plan_progress():
    # The plan covers every investor's clusters: the same officials as the dashboard page.
    if not can_see_dashboard(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ cán bộ quản lý nhà nước"))
    year = query_int("year", today().year, 2000, 2100)
    return jsonify(progress(db.session, year, request.args.get("district"),
                            request.args.get("commune"), request.args.get("kind")))
