"""Planning an inspection and logging findings on site."""
from datetime import datetime, timedelta

from flask_babel import gettext as _

from models import Finding, Inspection, Measurement
from models.base import aware
from workflows.engine.audit import write_audit
from workflows.engine.calendar import local_date
from workflows.engine.fire import Context
from workflows.engine.errors import Conflict, Forbidden, Invalid
from workflows.engine.fields import RuleContext, enforce
from workflows.engine.language import language
from workflows.engine.registry import WORKFLOWS
from workflows.machines.effects import open_deadline
from workflows.operations.measurement_rules import measurement_errors, with_codes
from workflows.operations.measurements import assess, plant_for
from workflows.operations.violations import WASTEWATER
from workflows.permissions import FINDINGS_OPEN_STATES, can_log_finding, can_plan_inspection

INSPECTION = WORKFLOWS["inspection"]


def plan_inspection(session, cluster, actor, now: datetime, *, kind, planned_date, team="",
                    decision_no=None):

    if not can_plan_inspection(actor):
        raise Forbidden(_("Chỉ cán bộ kiểm tra được lập kế hoạch"))
    enforce({"planned_date": planned_date}, RuleContext(local_date(now), cluster, session))
    inspection = Inspection(cluster=cluster, cluster_id=cluster.id,
                            organization_id=actor.organization_id, kind=kind,
                            planned_date=planned_date, team=team or "",
                            decision_no=decision_no, lead_inspector_id=actor.id,
                            state=INSPECTION.initial, created_at=now)
    session.add(inspection)
    session.flush()
    write_audit(session, entity=inspection, workflow=INSPECTION.name, trigger="create",
                actor=actor, now=now, to_state=INSPECTION.initial,
                data={"kind": kind, "planned_date": planned_date.isoformat()})
    ctx = Context(session, inspection, INSPECTION, None, actor, "", {}, "", now)
    open_deadline(ctx, policy="inspection_notice")
    return inspection


def log_finding(session, inspection, actor, now: datetime, *, category, severity, description,
                measurements=(), plant_id=None):
    """Record a finding with its measurements. A wastewater finding's measurements are
    evaluated against the binding standard of the plant sampled (`plant_id`, else the
    cluster's first); a value the standard cannot take is refused as a whole (422)."""

    if inspection.state not in FINDINGS_OPEN_STATES:
        raise Conflict(_("Chỉ ghi nhận khi đang kiểm tra tại cơ sở (hiện: %(state)s)",
                         state=WORKFLOWS["inspection"].label(inspection.state, language())))
    if not can_log_finding(actor, inspection):
        raise Forbidden(_("Chỉ cán bộ kiểm tra được ghi nhận"))
    rows, note = assessed_measurements(inspection, category, measurements, plant_id, now)
    plant = plant_for(inspection.cluster, plant_id) if plant_id is not None else None
    finding = Finding(inspection=inspection, category=category, severity=severity,
                      description=description, created_by_id=actor.id, created_at=now,
                      plant_id=plant.id if plant is not None else None,
                      assessment_note=note, measurements=rows)
    session.add(finding)
    session.flush()
    return finding


def assessed_measurements(inspection, category, measurements, plant_id,
                          now: datetime) -> tuple[list, str | None]:
    """A finding's measurements as rows outside the session, each checked and, for a
    wastewater finding, assessed against the plant sampled (`plant_id`, else the cluster's
    first), with the note saying why values were not assessed. Invalid when one is refused:
    log_finding and correct_finding call this before they touch the session, so a refusal
    leaves nothing for anyone to roll back."""
    check_measurements(measurements, category == WASTEWATER, now)
    if category == WASTEWATER:
        measurements = with_codes(measurements)
    rows = [Measurement(**m) for m in measurements]
    if category != WASTEWATER:
        return rows, None
    note = assess(inspection.cluster, rows, plant_id=plant_id, today=local_date(now),
                  inspection_id=inspection.id).note
    return rows, note


# A sampling clock may run a little ahead of the server's; further ahead is a typo.
SAMPLING_SKEW = timedelta(minutes=10)


def check_measurements(measurements, wastewater: bool, now: datetime) -> None:
    """The measured values' rules (workflows/operations/measurement_rules.py) and a
    sampling time that is not in the future: Invalid names `measurements[i].field`."""
    errors = {f"measurements[{key.replace('.', '].', 1)}": message
              for key, message in measurement_errors(measurements, wastewater=wastewater).items()}
    for i, m in enumerate(measurements):
        sampled_at = aware(m.get("sampled_at"))
        if sampled_at is not None and sampled_at > now + SAMPLING_SKEW:
            errors[f"measurements[{i}].sampled_at"] = _("không được sau thời điểm hiện tại")
    if errors:
        raise Invalid(errors)
