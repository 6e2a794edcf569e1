"""Deadline policies: the legal timelines in data/deadline_policies.csv are the defaults; an
admin's edited row in the deadline_policies table overrides its default. A due date is
computed when a deadline opens, so a change applies to deadlines opened after it."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from models import DeadlinePolicy
from workflows.engine.audit import write_audit
from workflows.engine.errors import Invalid
from workflows.engine.fields import bad_characters

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "deadline_policies.csv"


@dataclass(frozen=True)
class Policy:
    key: str
    label_vi: str
    label_en: str
    duration: int
    unit: str  # calendar_days | working_days | decision (the date comes from a decision)
    holder: str
    reminders: tuple[int, ...]
    legal_basis: str


@cache
def defaults() -> dict[str, Policy]:
    with DATA.open(encoding="utf-8") as fh:
        return {
            row["key"]: Policy(row["key"], row["label_vi"], row["label_en"],
                               int(row["duration"]), row["unit"], row["holder"],
                               tuple(int(x) for x in row["reminders"].split()),
                               row["legal_basis"])
            for row in csv.DictReader(fh)
        }


def get(session, key: str) -> Policy:
    """The policy in force, read once per session: a request or a scheduler job sees the
    policies as they were when it started, and the next one sees an admin's change."""
    cache = session.info.get("deadline_policies")
    if cache is None:
        cache = session.info["deadline_policies"] = all_policies(session)
    return cache[key]


UNITS = ("calendar_days", "working_days", "decision", "recurring")
MAX_OFFSET_DAYS = 366  # a rung further than a year from its due date is a typo
# The furthest an official may set a date-given deadline from today (house policy: a
# remedial measure that needs longer is set again by a new decision, not postponed).
MAXIMUM_DAYS = {
    "remediation": 365,
    # An obstacle the responsible organization cannot clear within a year is one for the city:
    # it is escalated and handed back with a new date, never parked years ahead off the board.
    "obstacle_resolution": 365,
}


def _from_row(row) -> Policy:
    return Policy(row.key, row.label_vi, row.label_en, row.duration, row.unit, row.holder,
                  tuple(row.reminders), row.legal_basis)


def all_policies(session) -> dict[str, Policy]:
    """Every policy in force, defaults overridden by admins' rows, in one query (the
    scheduler's sweep reads every ladder at once)."""

    merged = dict(defaults())
    for row in session.scalars(select(DeadlinePolicy)):
        merged[row.key] = _from_row(row)
    return merged


def set_policy(session, key: str, actor, now, *, duration=None, unit=None, reminders=None,
               legal_basis=None) -> Policy:
    """An admin changes a policy. Deadlines already open keep their due date (it was
    computed when they opened); deadlines opened from now on use the new duration. The
    before/after pair goes to the audit log. Raises LookupError for an unknown key and
    Invalid for a bad value."""
    current = all_policies(session).get(key)
    if current is None:
        raise LookupError(key)
    errors = {}
    if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool)
                                 or not 0 <= duration <= 3650):
        errors["duration"] = _("số ngày từ 0 đến 3650")
    if unit is not None and unit not in UNITS:
        errors["unit"] = _("một trong: %(values)s", values=", ".join(UNITS))
    if reminders is not None:
        if (not isinstance(reminders, (list, tuple)) or len(reminders) > 20 or not all(
                isinstance(r, int) and not isinstance(r, bool) and abs(r) <= MAX_OFFSET_DAYS
                for r in reminders)):
            errors["reminders"] = _("danh sách số ngày, từ -%(n)s đến %(n)s", n=MAX_OFFSET_DAYS)
        else:
            reminders = sorted(set(reminders))
    if legal_basis is not None and (not isinstance(legal_basis, str) or len(legal_basis) > 300
                                    or bad_characters(legal_basis)):
        errors["legal_basis"] = _("văn bản, tối đa 300 ký tự")
    if errors:
        raise Invalid(errors)
    row = session.scalar(select(DeadlinePolicy).where(DeadlinePolicy.key == key))
    if row is None:
        row = DeadlinePolicy(key=key, label_vi=current.label_vi, label_en=current.label_en,
                             duration=current.duration, unit=current.unit,
                             holder=current.holder, reminders=list(current.reminders),
                             legal_basis=current.legal_basis)
        session.add(row)
    for name, value in (("duration", duration), ("unit", unit), ("reminders", reminders),
                        ("legal_basis", legal_basis)):
        if value is not None:
            setattr(row, name, value)
    session.flush()
    session.info.pop("deadline_policies", None)  # get()'s cache: this session sees the change
    after = _from_row(row)
    write_audit(session, entity=row, workflow="deadline_policy", trigger="set", actor=actor,
                now=now, data={"key": key, "before": policy_dict(current),
                               "after": policy_dict(after)})
    return after


def policy_dict(policy: Policy) -> dict:
    return {"key": policy.key, "label_vi": policy.label_vi, "label_en": policy.label_en,
            "duration": policy.duration, "unit": policy.unit, "holder": policy.holder,
            "reminders": list(policy.reminders), "legal_basis": policy.legal_basis}
