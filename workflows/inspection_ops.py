"""Planning an inspection and logging findings on site."""
from datetime import datetime

from .engine import Context, may_act, write_audit
from .errors import Conflict, Forbidden
from .registry import WORKFLOWS

INSPECTION = WORKFLOWS["inspection"]
INSPECTOR_ROLES = ("inspector", "manager", "admin")
# Findings are logged on site, and may be completed until the record is concluded.
FINDINGS_OPEN_STATES = ("in_progress", "findings_recorded")


def can_log_finding(inspection, user) -> bool:
    return user.role in INSPECTOR_ROLES and inspection.state in FINDINGS_OPEN_STATES


def plan_inspection(session, cluster, actor, now: datetime, *, kind, planned_date, team="",
                    decision_no=None):
    from models import Inspection

    from .effects import open_deadline

    if actor.role not in INSPECTOR_ROLES:
        raise Forbidden("Chỉ cán bộ kiểm tra được lập kế hoạch / only inspectors plan inspections")
    inspection = Inspection(cluster=cluster, cluster_id=cluster.id,
                            organization_id=actor.organization_id, kind=kind,
                            planned_date=planned_date, team=team or "",
                            decision_no=decision_no, lead_inspector_id=actor.id,
                            state=INSPECTION.initial, created_at=now)
    session.add(inspection)
    session.flush()
    write_audit(session, inspection, INSPECTION.name, "create", "", INSPECTION.initial, actor,
                "", {"kind": kind, "planned_date": planned_date.isoformat()}, now)
    ctx = Context(session, inspection, INSPECTION, None, actor, "", {}, "", now)
    open_deadline(ctx, policy="inspection_notice")
    return inspection


def log_finding(session, inspection, actor, now: datetime, *, category, severity, description,
                measurements=()):
    """Record a finding with its measurements. Each measurement is evaluated against the
    binding standard of the cluster's plant, when the cluster has one."""
    from models import Finding, Measurement

    if actor.role not in INSPECTOR_ROLES or not may_act(inspection, actor):
        raise Forbidden("Chỉ cán bộ kiểm tra được ghi nhận / only inspectors log findings")
    if inspection.state not in FINDINGS_OPEN_STATES:
        raise Conflict(f"Chỉ ghi nhận khi đang kiểm tra / findings are logged while the "
                       f"inspection is on site (now '{inspection.state}')")
    finding = Finding(inspection=inspection, category=category, severity=severity,
                      description=description, created_by_id=actor.id, created_at=now)
    for m in measurements:
        finding.measurements.append(Measurement(**m))
    session.add(finding)
    from .measurement_checks import assess

    assess(inspection.cluster, finding.measurements)
    session.flush()
    return finding
