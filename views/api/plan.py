from flask import jsonify, request

from models import db
from workflows.plan import progress

from ..clock import today
from . import bp
from .input import query_int


@bp.get("/plan-progress")
def plan_progress():
    year = query_int("year", today().year, 2000, 2100)
    return jsonify(progress(db.session, year, request.args.get("district"),
                            request.args.get("commune"), request.args.get("kind")))
