"""Persisted transitions on a SQLite file: the engine (load, fire: lock, checks, state,
audit row, deadlines closed and opened, outbox rows; commit) against the same rows written
with SQLAlchemy Core in one transaction per transition, measured in the same run.

Bound: engine / Core <= 1.5 per transition."""
import sys
from datetime import date, datetime, timezone

from sqlalchemy import and_, insert, select, update

from bench.common import make_app, median, report

N = 400
ROUNDS = 3
NOW = datetime(2026, 11, 28, 3, tzinfo=timezone.utc)



def _world(session, n):
    """n violations in plan_submitted, each with its open plan_review deadline."""
    from models import Cluster, Deadline, Organization, User, Violation

    dept = Organization(code="SCT", name_vi="Sở Công Thương", kind="industry_department")
    inv = Organization(code="INV", name_vi="Chủ đầu tư", kind="investor")
    session.add_all([dept, inv])
    session.flush()
    inspector = User(username="tt", role="inspector", organization_id=dept.id, password_hash="x")
    investor = User(username="cdt", role="investor", organization_id=inv.id, password_hash="x",
                    email="cdt@example.org")
    cluster = Cluster(code="C1", name="CCN", district="Ba Vì", area_ha=10, investor_id=inv.id)
    session.add_all([inspector, investor, cluster])
    session.flush()
    violations = [Violation(cluster_id=cluster.id, title="COD", detected_on=date(2026, 11, 1),
                            state="plan_submitted") for _ in range(n)]
    session.add_all(violations)
    session.flush()
    session.add_all([Deadline(entity_type="violation", entity_id=v.id, policy_key="plan_review",
                              title_vi="x", title_en="x", holder_org_id=dept.id,
                              due_date=date(2026, 12, 5), original_due_date=date(2026, 12, 5))
                     for v in violations])
    session.commit()
    return inspector.id, [v.id for v in violations], dept.id, inv.id, investor.id


def run_engine(app):
    import time

    from models import User, Violation, db
    from workflows.engine.fire import fire

    with app.app_context():
        inspector_id, ids, *_ = _world(db.session, N)
        start = time.perf_counter()
        for vid in ids:
            user = db.session.get(User, inspector_id)
            violation = db.session.get(Violation, vid)
            fire(db.session, violation, "accept_plan", user, version=violation.version,
                 data={"due_date": "2027-01-15"}, now=NOW)
            db.session.commit()
        return (time.perf_counter() - start) / N


def run_core(app):
    """The same rows the engine writes for accept_plan, by hand, one transaction each."""
    import time

    from models import AuditEntry, Deadline, Notification, Violation, db
    from workflows.engine.audit import row_hash

    with app.app_context():
        inspector_id, ids, dept_id, inv_id, investor_id = _world(db.session, N)
        engine = db.engine
        start = time.perf_counter()
        for vid in ids:
            with engine.begin() as conn:
                version = conn.execute(
                    Violation.__table__.select().with_only_columns(Violation.version)
                    .where(Violation.id == vid)).scalar_one()
                conn.execute(update(Violation).where(Violation.id == vid,
                                                     Violation.version == version)
                             .values(state="plan_accepted", version=version + 1))
                # The audit row takes its place in the violation's hash chain, as the
                # engine's does: read the chain's head, hash the row onto it.
                head = conn.execute(
                    select(AuditEntry.seq, AuditEntry.row_hash)
                    .where(AuditEntry.entity_type == "violation", AuditEntry.entity_id == vid)
                    .order_by(AuditEntry.seq.desc()).limit(1)).first()
                row = AuditEntry(entity_type="violation", entity_id=vid, workflow="violation",
                                 trigger="accept_plan", from_state="plan_submitted",
                                 to_state="plan_accepted", actor_id=inspector_id, comment="",
                                 data={"due_date": "2027-01-15"}, created_at=NOW,
                                 seq=head.seq + 1 if head else 1,
                                 prev_hash=head.row_hash if head else "")
                conn.execute(insert(AuditEntry).values(
                    entity_type=row.entity_type, entity_id=vid, workflow=row.workflow,
                    trigger=row.trigger, from_state=row.from_state, to_state=row.to_state,
                    actor_id=inspector_id, comment="", data=row.data, created_at=NOW,
                    seq=row.seq, prev_hash=row.prev_hash,
                    row_hash=row_hash(row, row.prev_hash)))
                conn.execute(update(Deadline).where(and_(
                    Deadline.entity_type == "violation", Deadline.entity_id == vid,
                    Deadline.policy_key == "plan_review", Deadline.closed_at.is_(None)))
                    .values(closed_at=NOW, outcome="met"))
                conn.execute(insert(Deadline).values(
                    entity_type="violation", entity_id=vid, policy_key="remediation",
                    title_vi="Hoàn thành khắc phục", title_en="Complete the remedial measures",
                    holder_org_id=inv_id, due_date=date(2027, 1, 15),
                    original_due_date=date(2027, 1, 15), opened_at=NOW))
                conn.execute(insert(Notification), [
                    {"idempotency_key": f"plan_accepted:violation:{vid}:v{version}:"
                                        f"u{investor_id}:{ch}", "channel": ch,
                     "recipient_org_id": None, "recipient_user_id": investor_id,
                     "kind": "plan_accepted", "entity_type": "violation", "entity_id": vid,
                     "subject": "x", "body": "", "created_at": NOW, "next_attempt_at": NOW}
                    for ch in ("in_app", "email")])
        return (time.perf_counter() - start) / N


def main():
    engine_times, core_times = [], []
    for _ in range(ROUNDS):
        core_times.append(run_core(make_app()))
        engine_times.append(run_engine(make_app()))
    e, c = median(engine_times), median(core_times)
    report("Persisted transitions on a SQLite file (median of %d rounds x %d)" % (ROUNDS, N), [
        ("SQLAlchemy Core, same rows, one transaction each (floor)", c * 1e3, "ms"),
        ("engine: load + fire + commit", e * 1e3, "ms"),
        ("ratio engine / Core (target <= 1.5)", e / c, "x"),
    ])
    return e / c


if __name__ == "__main__":
    sys.exit(0 if main() <= 1.5 else 1)
