"""Operations that open violations and keep their cluster's compliance in step."""
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from models import Violation
from models.violations import OPEN_EXCLUDED
from workflows.engine.audit import write_audit
from workflows.engine.calendar import local_date
from workflows.engine.errors import Forbidden
from workflows.engine.fields import RuleContext, enforce
from workflows.engine.fire import Context, fire
from workflows.engine.registry import WORKFLOWS
from workflows.machines.effects import open_deadline
from workflows.operations.measurements import assess, sampling_date, suggestion, violation_title
from workflows.permissions import can_open_violation

VIOLATION = WORKFLOWS["violation"]
WASTEWATER = "wastewater"  # the finding category assessed against QCVN 40


def open_violation(session, cluster, actor, now: datetime, *, title: str,
                   description: str = "", inspection=None, sampled_on: date | None = None,
                   fine_suggestion: dict | None = None, plant=None):
    """Create a violation in its initial state, with its creation audit row and the
    deadline for the violation record, and move the cluster to `violation`. `actor` is
    None when the system opens it (a monitoring station's run): the audit says 'system'."""
    violation = Violation(cluster=cluster, cluster_id=cluster.id, inspection_id=inspection.id
                          if inspection else None, title=title, description=description,
                          detected_on=local_date(now), sampled_on=sampled_on,
                          fine_suggestion=fine_suggestion, state=VIOLATION.initial,
                          plant_id=plant.id if plant is not None else None,
                          created_at=now)
    session.add(violation)
    session.flush()
    write_audit(session, entity=violation, workflow=VIOLATION.name, trigger="create",
                actor=actor, now=now, to_state=VIOLATION.initial, comment=title)
    ctx = Context(session, violation, VIOLATION, None, actor, "", {}, "", now)
    open_deadline(ctx, policy="violation_record")
    sync_compliance(session, cluster, actor, now)
    return violation


def report_violation(session, cluster, actor, now: datetime, **details):
    """An official opens a violation outside an inspection (a complaint, a monitoring
    station, a report from the commune)."""
    if not can_open_violation(actor):
        raise Forbidden(_("Chỉ cán bộ được lập vi phạm"))
    enforce({"sampled_on": details.get("sampled_on")},
            RuleContext(local_date(now), cluster, session))
    return open_violation(session, cluster, actor, now, **details)


def sync_compliance(session, cluster, actor, now: datetime) -> None:
    session.flush()
    open_count = session.scalar(
        select(func.count()).select_from(Violation)
        .where(Violation.cluster_id == cluster.id, Violation.state.not_in(OPEN_EXCLUDED)))
    if open_count and cluster.compliance != "violation":
        fire(session, cluster, "record_violation", actor, now=now, system=True)
    elif not open_count and cluster.compliance == "violation":
        fire(session, cluster, "resolve", actor, now=now, system=True)


def open_violations_from_findings(session, inspection, actor, now: datetime) -> list:
    """Concluding an inspection turns each finding that is a violation into one. A
    wastewater finding is assessed again against its plant as recorded now, and its
    violation carries the suggested sanction (Decree 45/2022), labelled as a suggestion."""
    opened = []
    for finding in inspection.findings:
        if finding.violation_id is not None:
            continue
        assessment = None
        if finding.category == WASTEWATER:
            assessment = assess(inspection.cluster, finding.measurements,
                                plant_id=finding.plant_id, today=local_date(now),
                                inspection_id=inspection.id)
            finding.assessment_note = assessment.note
        if not finding.is_violation:
            continue
        proposal = None
        if assessment is not None and assessment.evaluation is not None:
            proposal = suggestion(
                assessment.evaluation, repeated=assessment.repeated,
                # The offender is the cluster's infrastructure investor: an organisation,
                # so Decree 45 Art. 6(2) doubles the individual amounts.
                organisation=True, sampled_on=assessment.sampled_on)
            proposal["plant_id"] = assessment.plant.id
        violation = open_violation(
            session, inspection.cluster, actor, now,
            title=(assessment and violation_title(assessment))
            or f"{finding.category}: {finding.description[:200]}",
            description=unassessed(finding.description, assessment), inspection=inspection,
            plant=assessment.plant if assessment else None,
            sampled_on=sampling_date(finding.measurements),
            fine_suggestion=proposal)
        finding.violation_id = violation.id
        opened.append(violation)
    return opened


def unassessed(description: str, assessment) -> str:
    """The finding's description, and, when its measurements could not be evaluated against
    a standard, the plain reason and what to record: the violation stands on the
    inspector's finding, never on values nobody could assess."""
    if assessment is None or assessment.evaluation is not None or not assessment.note:
        return description
    return f"{description}\n\nSố liệu quan trắc chưa được đánh giá: {assessment.note}"
