"""The one writer of the audit log. Every change that matters, a transition or an edit of a
record, an organization, a policy or a feed, leaves its row here."""
from datetime import datetime

from models import AuditEntry


def audit_value(value):
    """A JSON-safe copy of a column value for an audit row's before/after pair."""
    if value is None or isinstance(value, (int, str)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_audit(session, *, entity, workflow: str, trigger: str, actor, now: datetime,
                from_state: str = "", to_state: str = "", comment: str = "",
                data: dict | None = None) -> AuditEntry:
    """Add the row for `entity` (anything with `entity_type` and a flushed `id`); the caller's
    transaction commits it with the change it records."""
    entry = AuditEntry(entity_type=entity.entity_type, entity_id=entity.id, workflow=workflow,
                       trigger=trigger, from_state=from_state, to_state=to_state,
                       actor_id=actor.id if actor is not None else None, comment=comment,
                       data=data if data is not None else {}, created_at=now)
    session.add(entry)
    return entry
