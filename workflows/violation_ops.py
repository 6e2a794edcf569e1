"""Operations that open violations and keep their cluster's compliance in step."""
from datetime import date, datetime

from sqlalchemy import func, select

from .engine import Context, fire, write_audit
from .registry import WORKFLOWS

VIOLATION = WORKFLOWS["violation"]


def open_violation(session, cluster, actor, now: datetime, *, title: str,
                   description: str = "", inspection=None, sampled_on: date | None = None,
                   fine_suggestion: dict | None = None):
    """Create a violation in its initial state, with its creation audit row and the
    deadline for the violation record, and move the cluster to `violation`."""
    from models import Violation

    from .calendar import local_date
    from .effects import open_deadline

    violation = Violation(cluster=cluster, cluster_id=cluster.id, inspection_id=inspection.id
                          if inspection else None, title=title, description=description,
                          detected_on=local_date(now), sampled_on=sampled_on,
                          fine_suggestion=fine_suggestion, state=VIOLATION.initial,
                          created_at=now)
    session.add(violation)
    session.flush()
    write_audit(session, violation, VIOLATION.name, "create", "", VIOLATION.initial, actor,
                title, {}, now)
    ctx = Context(session, violation, VIOLATION, None, actor, "", {}, "", now)
    open_deadline(ctx, policy="violation_record")
    sync_compliance(session, cluster, actor, now)
    return violation


def report_violation(session, cluster, actor, now: datetime, **details):
    """An official opens a violation outside an inspection (a complaint, a monitoring
    station, a report from the commune)."""
    from .errors import Forbidden

    if actor.role not in ("inspector", "manager", "admin"):
        raise Forbidden("Chỉ cán bộ được lập vi phạm / only officials open violations")
    return open_violation(session, cluster, actor, now, **details)


def sync_compliance(session, cluster, actor, now: datetime) -> None:
    from models import Violation
    from models.violations import OPEN_EXCLUDED

    session.flush()
    open_count = session.scalar(
        select(func.count()).select_from(Violation)
        .where(Violation.cluster_id == cluster.id, Violation.state.not_in(OPEN_EXCLUDED)))
    if open_count and cluster.compliance != "violation":
        fire(session, cluster, "record_violation", actor, now=now, system=True)
    elif not open_count and cluster.compliance == "violation":
        fire(session, cluster, "resolve", actor, now=now, system=True)


def open_violations_from_findings(session, inspection, actor, now: datetime) -> list:
    """Concluding an inspection turns each finding that is a violation into one."""
    opened = []
    for finding in inspection.findings:
        if finding.violation_id is None and finding.is_violation:
            sampled = [m.sampled_at for m in finding.measurements if m.sampled_at]
            violation = open_violation(
                session, inspection.cluster, actor, now,
                title=f"{finding.category}: {finding.description[:200]}",
                description=finding.description, inspection=inspection,
                sampled_on=min(sampled).date() if sampled else None)
            finding.violation_id = violation.id
            opened.append(violation)
    return opened


def limitation_expires_on(violation) -> date | None:
    """Wastewater offences: no fine after 2 years from the sampling day (remedial
    measures can still be ordered)."""
    if violation.sampled_on is None:
        return None
    try:
        return violation.sampled_on.replace(year=violation.sampled_on.year + 2)
    except ValueError:  # 29 February
        return violation.sampled_on.replace(year=violation.sampled_on.year + 2, day=28)
