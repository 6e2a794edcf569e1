"""The reminder ladder: each policy lists day offsets from the due date (negative before,
0 on the day, positive = escalation to the supervising organization). The sweep claims the
rungs that have come by inserting outbox rows keyed (deadline, due date, rung, recipient,
channel); the unique key makes a rung go out once, however often the sweep runs.

Which rung is due: per audience (the holder for offsets <= 0, the supervisor for offsets
> 0) the latest rung whose date has come, and not one dated before the deadline opened.
After an outage the sweep therefore sends what the reader needs now ("due today"), not a
burst of stale ones ("due in 7 days", "due tomorrow"). The due date is part of the key, so
an extension restarts the ladder for the new date."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from models.base import aware
from workflows import policies
from workflows.calendar import local_date

from .messages import ddmmyyyy, render
from .outbox import (count_inserted_ignoring_duplicates, organizations, recipients_by_org,
                     supervisors)


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
    from models import Deadline

    return session.execute(
        select(Deadline.id, Deadline.policy_key, Deadline.holder_org_id, Deadline.due_date,
               Deadline.original_due_date, Deadline.opened_at, Deadline.title_vi,
               Deadline.title_en, Deadline.entity_type, Deadline.entity_id)
        .where(Deadline.closed_at.is_(None),
               Deadline.due_date >= today - timedelta(days=lag),
               Deadline.due_date <= today + timedelta(days=lead))).all()


def _existing(session, keys: list[str]) -> set[str]:
    """Keys already in the outbox: most of a day's sweeps find every rung claimed, and
    then render nothing and insert nothing."""
    from models import Notification

    column = Notification.idempotency_key
    if session.get_bind().dialect.name == "postgresql":  # one array, not 2,000 parameters
        return set(session.scalars(select(column).where(
            column == any_(bindparam("keys", keys, type_=ARRAY(String))))))
    found = set()
    for start in range(0, len(keys), 5000):  # under SQLite's limit on parameters
        found.update(session.scalars(select(column).where(column.in_(keys[start:start + 5000]))))
    return found


def claim_reminders(session, now: datetime) -> int:
    """Insert the outbox rows for every rung due today; return how many were new."""
    from models import Notification

    today = local_date(now)
    in_force = policies.all_policies(session)
    ladders = {key: Ladder.of(p.reminders) for key, p in in_force.items()}
    lead, lag = window(p.reminders for p in in_force.values())
    claims = []  # (deadline row, offset)
    for d in due_deadlines(session, today, lead, lag):
        ladder = ladders.get(d.policy_key)
        if ladder is not None:
            opened_on = local_date(aware(d.opened_at))
            claims.extend((d, o) for o in rungs_due(ladder, d.due_date, opened_on, today))
    if not claims:
        return 0
    orgs = organizations(session)
    holders = {d.holder_org_id: orgs[d.holder_org_id] for d, _ in claims
               if d.holder_org_id in orgs}
    above = supervisors(session, holders)
    audience = recipients_by_org(session, {*holders, *above.values()})
    planned = []  # (key, deadline, offset, organization told, recipient)
    for d, offset in claims:
        to_org = above.get(d.holder_org_id) if offset > 0 else d.holder_org_id
        due = d.due_date
        prefix = f"reminder:{d.id}:{due.year:04d}{due.month:02d}{due.day:02d}:{offset:+d}:"
        planned.extend((prefix + r.tag, d, offset, to_org, r) for r in audience.get(to_org, ()))
    claimed = _existing(session, [p[0] for p in planned])
    planned = [p for p in planned if p[0] not in claimed]
    if not planned:
        return 0
    rows, texts = [], {}
    for key, d, offset, to_org, recipient in planned:
        text_key = (d.id, offset, recipient.locale)
        if text_key not in texts:  # one rendering per language, not per recipient
            texts[text_key] = render("escalation" if offset > 0 else "reminder",
                                     recipient.locale, **_context(d, today, orgs,
                                                                  recipient.locale))
        subject, body = texts[text_key]
        rows.append({
            "idempotency_key": key, "channel": recipient.channel,
            "recipient_org_id": to_org, "recipient_user_id": recipient.user_id,
            "kind": "deadline_escalation" if offset > 0 else "deadline_reminder",
            "entity_type": "deadline", "entity_id": d.id, "subject": subject, "body": body,
            "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now,
        })
    # Another scheduler may have claimed some since _existing: the insert skips those.
    return count_inserted_ignoring_duplicates(session, Notification.__table__, rows,
                                              "idempotency_key")


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
