"""Inspections: plan one, move it through its workflow, log findings and measurements on
site, add evidence, conclude (findings that are violations become violations)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.web_attachments import EvidenceForm
from forms.web_findings import WebFindingForm, finding_data
from forms.web_inspections import WebInspectionForm
from models import Cluster, Finding, Inspection, db
from models.inspections import INSPECTION_KINDS
from workflows.engine.errors import Invalid
from workflows.engine.registry import WORKFLOWS
from workflows.operations.evidence import accepts_files
from workflows.operations.findings import correct_finding as correct_finding_op
from workflows.operations.findings import withdraw_finding as withdraw_finding_op
from workflows.operations.inspections import log_finding, plan_inspection
from workflows.permissions import (can_correct_finding, can_log_finding, can_plan_inspection,
                                   can_withdraw_finding, visible)
from workflows.search import search_conditions

from ..clock import now
from . import pages_blueprint
from .entity_pages import detail_url, load_visible, panels, transition_page
from .listing import arg, communes, paginate

bp = pages_blueprint("inspections", __name__, url_prefix="/inspections")
STATES = tuple(s.name for s in WORKFLOWS["inspection"].states)


@bp.get("")
def index():
    query = visible(select(Inspection), Inspection, current_user)
    conditions, search_errors = search_conditions(Inspection, request.args, STATES)
    query = query.where(*conditions)
    if arg("kind", INSPECTION_KINDS):
        query = query.where(Inspection.kind == arg("kind"))
    return render_template("inspections/list.html", states=STATES, kinds=INSPECTION_KINDS,
                           search_errors=search_errors, communes=communes(),
                           can_plan=can_plan_inspection(current_user),
                           page=paginate(query, (Inspection.planned_date.desc(), Inspection.id)))


@bp.route("/new", methods=["GET", "POST"])
def new():
    if not can_plan_inspection(current_user):
        abort(403)
    form = WebInspectionForm()
    form.set_clusters(db.session.execute(
        select(Cluster.id, Cluster.code, Cluster.name).where(Cluster.stage != "abolished")
        .order_by(Cluster.code)))
    if form.validate_on_submit():
        cluster = load_visible(Cluster, form.cluster_id.data)
        try:
            inspection = plan_inspection(
                db.session, cluster, current_user, now(), kind=form.kind.data,
                planned_date=form.planned_date.data, team=form.team.data,
                decision_no=form.decision_no.data or None)
        except Invalid as exc:  # a field rule: beside the field, with the input kept
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lập kế hoạch kiểm tra"), "success")
            return redirect(detail_url("inspection", inspection.id), code=303)
    failed = form.errors or form.form_errors
    return render_template("inspections/new.html", form=form), 422 if failed else 200


@bp.get("/<int:inspection_id>")
def detail(inspection_id, finding_form=None, withdrawal=None):
    inspection = load_visible(Inspection, inspection_id)
    findings = db.session.scalars(select(Finding).where(Finding.inspection_id == inspection.id)
                                  .options(selectinload(Finding.measurements))
                                  .order_by(Finding.id)).all()
    may_log = can_log_finding(current_user, inspection)
    return render_template(
        "inspections/detail.html", inspection=inspection, findings=findings,
        finding_form=finding_form or (WebFindingForm() if may_log else None),
        may_withdraw=lambda finding: can_withdraw_finding(current_user, finding),
        may_correct=lambda finding: can_correct_finding(current_user, finding),
        withdrawal=withdrawal or {},
        evidence_form=EvidenceForm() if accepts_files(current_user, inspection) else None,
        **panels(inspection))


@bp.post("/<int:inspection_id>/findings")
def add_finding(inspection_id):
    inspection = load_visible(Inspection, inspection_id)
    form = WebFindingForm()
    if not form.validate_on_submit():
        return detail(inspection_id, finding_form=form), 422
    try:
        log_finding(db.session, inspection, current_user, now(), category=form.category.data,
                    severity=form.severity.data, description=form.description.data,
                    measurements=form.measurement_values())
    except Invalid as exc:  # a measurement's rule: beside its field, with the input kept
        form.add_errors(exc.errors)
        return detail(inspection_id, finding_form=form), 422
    flash(_("Đã ghi nhận kết quả"), "success")
    return redirect(url_for(".detail", inspection_id=inspection_id) + "#findings", code=303)


@bp.route("/<int:inspection_id>/actions/<trigger>", methods=["GET", "POST"])
def act(inspection_id, trigger):
    return transition_page(Inspection, inspection_id, trigger)


@bp.route("/<int:inspection_id>/findings/<int:finding_id>/edit", methods=["GET", "POST"])
def correct_finding(inspection_id, finding_id):
    """Correct a finding while the check is open: its measurements are assessed again, and
    the audit row keeps it before and after."""
    inspection = load_visible(Inspection, inspection_id)
    finding = db.session.get(Finding, finding_id)
    if finding is None or finding.inspection_id != inspection.id:
        abort(404)
    if not can_correct_finding(current_user, finding):
        abort(403)
    form = WebFindingForm(data=finding_data(finding) if request.method == "GET" else None)
    reason = request.form.get("reason", "")
    reason_error = None
    status = 422 if request.method == "POST" else 200  # a POST not redirected was refused
    if form.validate_on_submit():
        try:
            correct_finding_op(db.session, finding, current_user, now(),
                               category=form.category.data, severity=form.severity.data,
                               description=form.description.data,
                               measurements=form.measurement_values(),
                               plant_id=finding.plant_id, reason=reason)
        except Invalid as exc:  # a measurement's rule: beside its field, the input kept
            reason_error = exc.errors.pop("reason", None)
            form.add_errors(exc.errors)
        else:
            flash(_("Đã sửa kết quả kiểm tra"), "success")
            return redirect(url_for(".detail", inspection_id=inspection_id) + "#findings",
                            code=303)
    return render_template("inspections/finding_edit.html", inspection=inspection, form=form,
                           reason=reason, reason_error=reason_error), status


@bp.post("/<int:inspection_id>/findings/<int:finding_id>/withdraw")
def withdraw_finding(inspection_id, finding_id):
    """Withdraw a wrong finding with its reason (a refused reason comes back beside its
    field on the inspection's page)."""
    inspection = load_visible(Inspection, inspection_id)
    finding = db.session.get(Finding, finding_id)
    if finding is None or finding.inspection_id != inspection.id:
        abort(404)
    reason = request.form.get("reason", "")
    try:
        withdraw_finding_op(db.session, finding, current_user, now(), reason=reason)
    except Invalid as exc:  # the reason refused beside its field, as typed
        return detail(inspection_id, withdrawal={
            "finding_id": finding.id, "reason": reason, "error": exc.errors.get("reason")}), 422
    flash(_("Đã rút kết quả kiểm tra"), "success")
    return redirect(url_for(".detail", inspection_id=inspection_id) + "#findings", code=303)
