from flask import g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.violations import ViolationForm
from models import Cluster, Violation, db
from workflows.operations.violations import report_violation
from workflows.engine.registry import WORKFLOWS
from workflows.search import search_conditions

from ..clock import now
from . import bp
from .entities import history, load, page, transition
from .errors import invalid
from .input import query_int, validated
from .serializers import violation_json

VIOLATION_STATES = tuple(s.name for s in WORKFLOWS["violation"].states)


@bp.get("/violations")
def violations_list():
    conditions, errors = search_conditions(Violation, request.args, VIOLATION_STATES)
    if errors:
        raise invalid(errors)
    filters = []
    if request.args.get("cluster_id"):
        filters.append((Violation.cluster_id, query_int("cluster_id", 0)))
    # Each row says what the reader may do, which follows the inspection that found it.
    query = select(Violation).where(*conditions).options(selectinload(Violation.inspection))
    return page(query, Violation, g.api_user, violation_json, filters)


@bp.post("/violations")
def violations_create():
    form = validated(ViolationForm)
    cluster = load(Cluster, form.cluster_id.data, g.api_user)
    violation = report_violation(db.session, cluster, g.api_user, now(), title=form.title.data,
                               description=form.description.data or "",
                               sampled_on=form.sampled_on.data)
    return jsonify(violation_json(violation, g.api_user, detail=True)), 201


@bp.get("/violations/<int:violation_id>")
def violations_get(violation_id):
    violation = load(Violation, violation_id, g.api_user)
    return jsonify(violation_json(violation, g.api_user, detail=True))


@bp.post("/violations/<int:violation_id>/transitions")
def violations_transition(violation_id):
    return transition(Violation, violation_id, violation_json)


@bp.get("/violations/<int:violation_id>/history")
def violations_history(violation_id):
    return history(Violation, violation_id)
