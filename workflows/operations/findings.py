"""Correcting and withdrawing a finding: a wrong value or description is corrected while the
check is open, a wrong finding withdrawn until the check is closed. Each change is an audit
row of the inspection holding the finding before (and after); a violation the withdrawn
finding opened is dismissed with it while nobody has answered it (no plan submitted)."""
from datetime import datetime

from flask_babel import gettext as _

from models import Violation
from workflows.engine.audit import write_audit
from workflows.engine.errors import Conflict, Forbidden, Invalid
from workflows.engine.fields import FIELDS, FieldError
from workflows.engine.fire import fire
from workflows.operations.inspections import assessed_measurements
from workflows.operations.measurements import plant_for
from workflows.permissions import (FINDINGS_OPEN_STATES, WITHDRAW_FINDING_STATES,
                                   can_correct_finding, can_withdraw_finding)

# The violation's states in which nobody has answered it yet: dismissed with its finding.
UNANSWERED = ("detected", "notified")


def correct_finding(session, finding, actor, now: datetime, *, category, severity,
                    description, measurements=(), plant_id=None, reason: str = ""):
    if not can_correct_finding(actor, finding):
        if finding.inspection.state not in FINDINGS_OPEN_STATES:
            raise Conflict(_("Chỉ sửa kết quả khi biên bản kiểm tra chưa kết luận"))
        raise Forbidden(_("Chỉ cán bộ kiểm tra được ghi nhận"))
    reason = _reason(reason) if isinstance(reason, str) and reason.strip() else ""
    rows, note = assessed_measurements(finding.inspection, category, measurements, plant_id,
                                       now)
    plant = plant_for(finding.inspection.cluster, plant_id) if plant_id is not None else None
    before = finding.to_dict()
    finding.category, finding.severity, finding.description = category, severity, description
    finding.plant_id = plant.id if plant is not None else None
    finding.assessment_note = note
    finding.measurements.clear()
    session.flush()
    finding.measurements.extend(rows)
    session.flush()
    write_audit(session, entity=finding.inspection, workflow="inspection",
                trigger="correct_finding", actor=actor, now=now, comment=reason,
                from_state=finding.inspection.state, to_state=finding.inspection.state,
                data={"finding_id": finding.id, "before": before, "after": finding.to_dict()})
    return finding


def withdraw_finding(session, finding, actor, now: datetime, *, reason: str):
    inspection = finding.inspection
    if not can_withdraw_finding(actor, finding):
        if inspection.state not in WITHDRAW_FINDING_STATES:
            raise Conflict(_("Không rút kết quả khi kiểm tra đã đóng hoặc chưa bắt đầu"))
        raise Forbidden(_("Chỉ cán bộ kiểm tra được ghi nhận"))
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid({"reason": _("ghi lý do rút kết quả")})
    reason = _reason(reason)
    data = {"finding": finding.to_dict()}
    violation = session.get(Violation, finding.violation_id) if finding.violation_id else None
    if violation is not None and violation.state in UNANSWERED:
        fire(session, violation, "dismiss", actor, now=now, system=True,
             comment=_("Kết quả kiểm tra đã bị rút: %(reason)s", reason=reason))
        data["dismissed_violation_id"] = violation.id
    elif violation is not None:
        data["violation_kept"] = {"id": violation.id, "state": violation.state}
    session.delete(finding)
    session.flush()
    write_audit(session, entity=inspection, workflow="inspection", trigger="withdraw_finding",
                actor=actor, now=now, comment=reason, from_state=inspection.state,
                to_state=inspection.state, data=data)
    return data


def _reason(reason: str) -> str:
    """A reason is a comment on the audit row: the comment's own rules (no NUL, a length
    a record can hold), refused beside the reason field."""
    try:
        return FIELDS["comment"].parse(reason)
    except FieldError as exc:
        raise Invalid({"reason": str(exc)}) from None
