"""Violations whose remedial deadline has passed move to `overdue`: the sweep fires the
violation workflow's `mark_overdue` as the system, so the transition, its audit row and its
notice are the same as when a manager fires it by hand.

Both remedial deadlines count: the remediation itself and, before it, the plan (the workflow
allows mark_overdue from `notified` and `plan_rejected`, whose open deadline is the plan's).
The penalty decision and the reviews are the authorities' deadlines: their lapse is
escalated by the reminder ladder, not held against the violator."""
from datetime import datetime
from functools import cache

from sqlalchemy import Date, bindparam, select

from models import Deadline, Violation
from workflows.engine.calendar import local_date
from workflows.engine.fire import fire
from workflows.engine.errors import Conflict
from workflows.engine.registry import WORKFLOWS

OVERDUE_POLICIES = ("remediation_plan", "remediation")
TRIGGER = "mark_overdue"


@cache
def _overdue():
    """The violations to mark: built once, today bound at each sweep."""
    sources = [s for t in WORKFLOWS["violation"].transitions if t.trigger == TRIGGER
               for s in t.source]
    return (select(Violation.id).distinct()
            .join(Deadline, (Deadline.entity_type == "violation")
                  & (Deadline.entity_id == Violation.id))
            .where(Deadline.closed_at.is_(None), Deadline.policy_key.in_(OVERDUE_POLICIES),
                   Deadline.due_date < bindparam("today", type_=Date()),
                   Violation.state.in_(sources))
            .order_by(Violation.id))


def overdue_violation_ids(session, now: datetime) -> list[int]:
    return list(session.scalars(_overdue(), {"today": local_date(now)}))


def mark_overdue(session, violation_id: int, now: datetime) -> bool:
    """Fire mark_overdue on one violation; False when another scheduler (or a person)
    moved it first: fire re-reads the state under its row lock and refuses."""
    violation = session.get(Violation, violation_id)
    if violation is None:
        return False
    try:
        fire(session, violation, TRIGGER, None, now=now, system=True,
             comment="Quá thời hạn khắc phục")  # kept with the record, in Vietnamese
    except Conflict:
        return False
    return True
