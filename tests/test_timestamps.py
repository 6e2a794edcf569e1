"""Timestamps are one instant whatever zone the caller used: a Hanoi-time `now` (the demo,
`scheduler tick --now`) is stored as UTC and read back aware, on SQLite too."""
from datetime import datetime, timezone

from sqlalchemy import select

from models import AuditEntry
from workflows.engine.calendar import HANOI


def test_a_hanoi_time_is_stored_as_the_same_instant(db, make):
    cluster = make.cluster()
    moment = datetime(2026, 11, 28, 9, 0, tzinfo=HANOI)  # 02:00 UTC
    db.session.add(AuditEntry(entity_type="cluster", entity_id=cluster.id, workflow="x",
                              trigger="t", from_state="a", to_state="b", created_at=moment))
    db.session.commit()
    db.session.expunge_all()
    stored = db.session.scalar(select(AuditEntry.created_at))
    assert stored == moment
    assert stored.astimezone(timezone.utc).hour == 2
