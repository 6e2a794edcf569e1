"""The reminder ladder: each policy lists day offsets from the due date (negative before,
0 on the day, positive = escalation to the supervising organization). The sweep claims each
rung that has come (a NotificationClaim keyed deadline, due date, rung) and fans the rungs
it claimed out to their recipients as outbox rows keyed (rung, recipient, channel): a rung
goes out once, however often the sweep runs and however many schedulers run it.

Which rung is due: per audience (the holder for offsets <= 0, the supervisor for offsets
> 0) the latest rung whose date has come, and not one dated before the deadline opened.
After an outage the sweep therefore sends what the reader needs now ("due today"), not a
burst of stale ones ("due in 7 days", "due tomorrow"). The due date is part of the key, so
an extension restarts the ladder for the new date."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Date, bindparam, select

from models import Deadline
from models.base import aware
from workflows.machines import policies
from workflows.engine.calendar import local_date

from .audience import organizations, supervisors
from .fanout import claim_messages, fan_out
from .messages import ddmmyyyy, render


@dataclass(frozen=True)
class Ladder:
    """A policy's offsets split by audience, latest first."""
    reminders: tuple[int, ...]
    escalations: tuple[int, ...]

    @classmethod
    def of(cls, offsets) -> "Ladder":
        return cls(tuple(sorted((o for o in offsets if o <= 0), reverse=True)),
                   tuple(sorted((o for o in offsets if o > 0), reverse=True)))


def rungs_due(ladder: Ladder, due_date: date, opened_on: date, today: date) -> list[int]:
    """The rungs to claim today: at most one reminder and one escalation. A rung o has
    come when due + o <= today, and counts only if due + o >= the opening day."""
    latest, earliest = (today - due_date).days, (opened_on - due_date).days
    chosen = []
    for offsets in (ladder.reminders, ladder.escalations):
        for o in offsets:
            if o <= latest:
                if o >= earliest:
                    chosen.append(o)
                break
    return chosen


def window(ladders) -> tuple[int, int]:
    """How many days before and after its due date any rung can fall."""
    offsets = [o for ladder in ladders for o in ladder] or [0]
    return max(0, -min(offsets)), max(0, max(offsets))


def due_deadlines(session, today: date, lead: int, lag: int):
    """Open deadlines with a due date in [today - lag, today + lead]: a range scan of the
    partial index ix_deadlines_open_due, so the cost follows what is due, not what is open."""
    return session.connection().execute(_due_statement(), {
        "lo": today - timedelta(days=lag), "hi": today + timedelta(days=lead)}).all()


@cache
def _due_statement():
    # Core columns, built once: a plain column select needs none of the ORM's handling.
    d = Deadline.__table__.c
    return (select(d.id, d.policy_key, d.holder_org_id, d.due_date, d.original_due_date,
                   d.opened_at, d.title_vi, d.title_en, d.entity_type, d.entity_id)
            .where(d.closed_at.is_(None), d.due_date >= bindparam("lo", type_=Date()),
                   d.due_date <= bindparam("hi", type_=Date())))


def rung_key(deadline_id: int, due: date, rung: int) -> str:
    return f"reminder:{deadline_id}:{due.year:04d}{due.month:02d}{due.day:02d}:{rung:+d}"


def claim_reminders(session, now: datetime) -> int:
    """Queue every rung due today for its recipients; return how many outbox rows were
    new. Python decides which rungs are due, claims them, and writes the texts of those
    it claimed, once per rung and language; the database fans them out to the
    recipients (fanout.py)."""
    today = local_date(now)
    in_force = policies.all_policies(session)
    ladders = {key: Ladder.of(p.reminders) for key, p in in_force.items()}
    lead, lag = window(p.reminders for p in in_force.values())
    due = []  # (deadline row, rung)
    for d in due_deadlines(session, today, lead, lag):
        ladder = ladders.get(d.policy_key)
        if ladder is not None:
            opened_on = local_date(aware(d.opened_at))
            due.extend((d, rung) for rung in rungs_due(ladder, d.due_date, opened_on, today))
    if not due:
        return 0
    orgs = organizations(session)
    above = supervisors(orgs)
    wanted = {}  # rung key -> (deadline row, rung, organization told)
    for d, rung in due:
        org = orgs.get(above.get(d.holder_org_id) if rung > 0 else d.holder_org_id)
        # An escalation needs somebody above; any message, somebody to read it.
        if org is not None and org.reaches():
            wanted[rung_key(d.id, d.due_date, rung)] = (d, rung, org)
    claimed = claim_messages(session, wanted, now)
    return fan_out(session, [_message(key, *wanted[key], today, orgs) for key in claimed], now)


def _message(key: str, d, rung: int, org, today: date, orgs) -> dict:
    """A rung's texts, in Vietnamese, and in English where somebody reads it."""
    template = "escalation" if rung > 0 else "reminder"
    subject_vi, body_vi = render(template, "vi", **_context(d, today, orgs, "vi"))
    subject_en = body_en = None
    if org.english:
        subject_en, body_en = render(template, "en", **_context(d, today, orgs, "en"))
    return {"key": key, "org_id": org.id, "kind": f"deadline_{template}",
            "entity_type": "deadline", "entity_id": d.id,
            "subject_vi": subject_vi, "body_vi": body_vi,
            "subject_en": subject_en, "body_en": body_en}


def _context(d, today: date, orgs, locale: str) -> dict:
    holder = orgs.get(d.holder_org_id)
    return {
        "title": d.title_en if locale == "en" else d.title_vi,
        "due": ddmmyyyy(d.due_date),
        "days_left": (d.due_date - today).days,
        "days_late": (today - d.due_date).days,
        "extended_from": ddmmyyyy(d.original_due_date)
        if d.original_due_date != d.due_date else None,
        "holder": holder.name(locale) if holder else "",
        "entity_type": d.entity_type, "entity_id": d.entity_id,
    }
