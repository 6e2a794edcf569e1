"""A year's plan targets: read, enter and edit (managers), each change audited."""
from flask import g, jsonify
from sqlalchemy import select

from models import PlanTarget, db
from workflows.operations.plan_targets import FIELDS, create_target, update_target

from ..clock import now, today
from . import bp
from .errors import not_found
from .input import json_object, query_int, required_version


@bp.get("/plan-targets")
def plan_targets_list():
    year = query_int("year", today().year, 2000, 2100)
    rows = db.session.scalars(select(PlanTarget).where(PlanTarget.year == year)
                              .order_by(PlanTarget.id)).all()
    return jsonify({"year": year, "items": [t.to_dict() for t in rows]})


@bp.post("/plan-targets")
def plan_targets_create():
    body = json_object(allowed=FIELDS)
    target = create_target(db.session, g.api_user, now(), **body)
    return jsonify(target.to_dict()), 201


@bp.patch("/plan-targets/<int:target_id>")
def plan_targets_update(target_id):
    body = json_object(allowed=(*FIELDS, "version"))
    target = db.session.get(PlanTarget, target_id)
    if target is None:
        raise not_found("plan_target")
    version = required_version(body)
    body.pop("version", None)
    update_target(db.session, target, g.api_user, now(), version=version, **body)
    return jsonify(target.to_dict())
