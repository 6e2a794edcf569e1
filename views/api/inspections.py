from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.findings import FindingForm
from forms.inspections import InspectionForm
from models import Cluster, Finding, Inspection, db
from workflows.operations.findings import correct_finding, withdraw_finding
from workflows.operations.inspections import log_finding, plan_inspection
from workflows.engine.registry import WORKFLOWS
from workflows.search import search_conditions

from ..clock import now
from . import bp
from .entities import history, load, page, transition
from .errors import invalid, not_found
from .input import json_object, query_int, validated
from .serializers import inspection_json

INSPECTION_STATES = tuple(s.name for s in WORKFLOWS["inspection"].states)


@bp.get("/inspections")
def inspections_list():
    conditions, errors = search_conditions(Inspection, request.args, INSPECTION_STATES)
    if errors:
        raise invalid(errors)
    filters = [(Inspection.kind, request.args["kind"])] if request.args.get("kind") else []
    # Findings in one query: the record_findings guard reads them for every row.
    if request.args.get("cluster_id"):
        filters.append((Inspection.cluster_id, query_int("cluster_id", 0)))
    query = select(Inspection).options(selectinload(Inspection.findings)).where(*conditions)
    return page(query, Inspection, g.api_user, inspection_json, filters)


@bp.post("/inspections")
def inspections_create():
    form = validated(InspectionForm)
    cluster = load(Cluster, form.cluster_id.data, g.api_user)
    inspection = plan_inspection(db.session, cluster, g.api_user, now(), kind=form.kind.data,
                                 planned_date=form.planned_date.data, team=form.team.data,
                                 decision_no=form.decision_no.data or None)
    return jsonify(inspection_json(inspection, g.api_user, detail=True)), 201


@bp.get("/inspections/<int:inspection_id>")
def inspections_get(inspection_id):
    inspection = load(Inspection, inspection_id, g.api_user)
    return jsonify(inspection_json(inspection, g.api_user, detail=True))


@bp.post("/inspections/<int:inspection_id>/transitions")
def inspections_transition(inspection_id):
    return transition(Inspection, inspection_id, inspection_json)


@bp.get("/inspections/<int:inspection_id>/history")
def inspections_history(inspection_id):
    return history(Inspection, inspection_id)


@bp.post("/inspections/<int:inspection_id>/findings")
def inspections_add_finding(inspection_id):
    form = validated(FindingForm)
    inspection = load(Inspection, inspection_id, g.api_user)
    finding = log_finding(db.session, inspection, g.api_user, now(),
                          category=form.category.data, severity=form.severity.data,
                          description=form.description.data,
                          measurements=form.measurement_values(), plant_id=form.plant_id.data)
    return jsonify(finding.to_dict()), 201


def _finding(inspection_id, finding_id):
    inspection = load(Inspection, inspection_id, g.api_user)
    finding = db.session.get(Finding, finding_id)
    if finding is None or finding.inspection_id != inspection.id:
        raise not_found("finding")
    return finding


@bp.post("/inspections/<int:inspection_id>/findings/<int:finding_id>")
def inspections_correct_finding(inspection_id, finding_id):
    """Correct a finding (the whole finding as it should read) while the check is open."""
    form = validated(FindingForm)
    finding = _finding(inspection_id, finding_id)
    correct_finding(db.session, finding, g.api_user, now(), category=form.category.data,
                    severity=form.severity.data, description=form.description.data,
                    measurements=form.measurement_values(), plant_id=form.plant_id.data)
    return jsonify(finding.to_dict())


@bp.post("/inspections/<int:inspection_id>/findings/<int:finding_id>/withdraw")
def inspections_withdraw_finding(inspection_id, finding_id):
    """Withdraw a wrong finding, with the reason; its unanswered violation is dismissed."""
    body = json_object(required=("reason",), allowed=("reason",))
    if not isinstance(body["reason"], str) or len(body["reason"]) > 2000:
        raise invalid({"reason": _("phải là chuỗi")})
    finding = _finding(inspection_id, finding_id)
    return jsonify(withdraw_finding(db.session, finding, g.api_user, now(),
                                    reason=body["reason"]))
