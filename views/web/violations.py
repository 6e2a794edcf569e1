"""Violations: what is wrong, what is asked and by when; the investor's plan, report and
extension request; the officials' record, review and verification."""
from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from forms.web_attachments import EvidenceForm
from models import Violation
from models.violations import OPEN_EXCLUDED
from workflows.engine.registry import WORKFLOWS
from workflows.search import search_conditions
from workflows.operations.evidence import accepts_files
from workflows.permissions import visible

from . import pages_blueprint
from .entity_pages import load_visible, open_deadlines_of, panels, transition_page
from .listing import arg, communes, paginate

bp = pages_blueprint("violations", __name__, url_prefix="/violations")
STATES = tuple(s.name for s in WORKFLOWS["violation"].states)


@bp.get("")
def index():
    query = visible(select(Violation), Violation, current_user)
    show = arg("show", ("open", "all")) or "open"
    conditions, search_errors = search_conditions(Violation, request.args, STATES)
    query = query.where(*conditions)
    if show == "open" and not arg("state", STATES):
        query = query.where(Violation.state.not_in(OPEN_EXCLUDED))
    page = paginate(query, (Violation.id.desc(),))
    return render_template("violations/list.html", page=page, states=STATES, show=show,
                           search_errors=search_errors, communes=communes(),
                           deadlines=open_deadlines_of("violation", [v.id for v in page.items]))


@bp.get("/<int:violation_id>")
def detail(violation_id):
    violation = load_visible(Violation, violation_id)
    return render_template(
        "violations/detail.html", violation=violation,
        evidence_form=EvidenceForm() if accepts_files(current_user, violation) else None,
        **panels(violation))


@bp.route("/<int:violation_id>/actions/<trigger>", methods=["GET", "POST"])
def act(violation_id, trigger):
    return transition_page(Violation, violation_id, trigger)

