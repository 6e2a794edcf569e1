from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from models import Deadline, db
from workflows.permissions import deadline_scope

from ..clock import today
from . import bp
from .errors import invalid
from .input import query_int


@bp.get("/deadlines")
def deadlines_list():
    query = deadline_scope(select(Deadline), g.api_user)
    overdue = request.args.get("overdue")
    if overdue not in (None, "true", "false"):
        raise invalid({"overdue": _("true hoặc false")})
    include_closed = request.args.get("include_closed") == "true"
    if not include_closed:
        query = query.where(Deadline.closed_at.is_(None))
    if overdue == "true":
        query = query.where(Deadline.closed_at.is_(None), Deadline.due_date < today())
    if request.args.get("organization_id"):
        query = query.where(Deadline.holder_org_id == query_int("organization_id", 0))
    if request.args.get("entity_type"):
        query = query.where(Deadline.entity_type == request.args["entity_type"])
    if request.args.get("entity_id"):
        query = query.where(Deadline.entity_id == query_int("entity_id", 0))
    per_page = query_int("per_page", 100, 1, 500)
    page_no = query_int("page", 1, 1, 100000)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Deadline.due_date, Deadline.id).limit(per_page)
                              .offset((page_no - 1) * per_page)).all()
    now_day = today()
    return jsonify({"items": [d.to_dict(now_day) for d in rows], "total": total,
                    "page": page_no, "per_page": per_page})
