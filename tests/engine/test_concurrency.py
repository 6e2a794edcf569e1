"""Two sessions fire conflicting transitions at once: one wins, the other gets a
conflict, and exactly one audit row is written."""
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEntry, Violation, db as flask_db
from workflows.engine.fire import fire
from workflows.engine.errors import Conflict


@pytest.fixture
def pg_only(backend):
    if backend != "postgresql":
        pytest.skip("needs PostgreSQL (set TEST_DATABASE_URL); SQLite serializes writers")


@pytest.mark.postgres_only
@pytest.mark.parametrize("with_version", [True, False])
def test_conflicting_transitions_at_once(pg_only, db, make, clock, with_version):
    inspector = make.user("inspector")
    violation = make.violation(make.cluster(), inspector, state="plan_submitted")
    db.session.commit()
    vid, version, user_id = violation.id, violation.version, inspector.id

    engine = flask_db.engine
    barrier = threading.Barrier(2)
    outcomes = {}

    def attempt(trigger, data, comment):
        from models import User

        with Session(engine) as session:
            v = session.get(Violation, vid)
            user = session.get(type(inspector), user_id)
            barrier.wait()  # both have read the same state and version
            try:
                fire(session, v, trigger, user, comment=comment, data=data,
                     version=version if with_version else None, now=clock())
                session.commit()
                outcomes[trigger] = "won"
            except Conflict as exc:
                session.rollback()
                outcomes[trigger] = f"conflict: {exc.message}"

    threads = [threading.Thread(target=attempt, args=a) for a in (
        ("accept_plan", {"due_date": "2027-01-10"}, ""),
        ("reject_plan", {}, "Chưa đủ chi tiết"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["conflict", "won"], outcomes
    with Session(engine) as session:
        rows = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity_type == "violation", AuditEntry.entity_id == vid,
            AuditEntry.trigger.in_(("accept_plan", "reject_plan"))))
        assert rows == 1
        winner = next(k for k, v in outcomes.items() if v == "won")
        expected = {"accept_plan": "plan_accepted", "reject_plan": "plan_rejected"}[winner]
        assert session.get(Violation, vid).state == expected
