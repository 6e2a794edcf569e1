"""Marking a recurring deadline done: the holder says its half-yearly report was sent or its
routine inspection made. A workflow's deadlines close by their transitions, never by hand."""
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from models import RecurringOccurrence
from workflows.engine.audit import Subject, write_audit
from workflows.engine.errors import Conflict, Forbidden
from workflows.permissions import can_close_deadline


def complete_recurring(session, deadline, user, now: datetime) -> None:
    """Close `deadline` as met, with its audit row; Conflict for a workflow's deadline or
    one already closed, Forbidden for anyone but its holder and the department."""
    recurring = session.scalar(select(RecurringOccurrence.id)
                               .where(RecurringOccurrence.deadline_id == deadline.id))
    if recurring is None:
        raise Conflict(_("Thời hạn này đóng theo quy trình nghiệp vụ"))
    if not can_close_deadline(user, deadline):
        raise Forbidden(_("Không phải thời hạn của đơn vị bạn"))
    if deadline.closed_at is not None:
        raise Conflict(_("Thời hạn đã đóng"))
    deadline.closed_at, deadline.outcome = now, "met"
    # A deadline's own entity_type names what it is about, so the row names the deadline.
    write_audit(session, entity=Subject("deadline", deadline.id), workflow="deadline",
                trigger="complete", actor=user, now=now,
                data={"policy_key": deadline.policy_key,
                      "due_date": deadline.due_date.isoformat()})
