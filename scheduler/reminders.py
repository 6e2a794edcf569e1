"""The reminder ladder: each policy lists day offsets from the due date (negative before,
0 on the day, positive = escalation to the supervising organization). The sweep claims the
rungs that have come by fanning each out to its recipients as outbox rows keyed (deadline,
due date, rung, recipient, channel); the unique key makes a rung go out once, however
often the sweep runs and however many schedulers run it.

Which rung is due: per audience (the holder for offsets <= 0, the supervisor for offsets
> 0) the latest rung whose date has come, and not one dated before the deadline opened.
After an outage the sweep therefore sends what the reader needs now ("due today"), not a
burst of stale ones ("due in 7 days", "due tomorrow"). The due date is part of the key, so
an extension restarts the ladder for the new date."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from functools import cache

from sqlalchemy import (Column, Integer, MetaData, String, Table, Text, any_, bindparam, case,
                        func, literal, select, true)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.schema import CreateTable

from models.base import UTCDateTime, aware
from workflows import policies
from workflows.calendar import local_date

from .messages import ddmmyyyy, render
from .outbox import bulk_insert, organizations, supervisors


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


def rung_key(deadline_id: int, due: date, rung: int) -> str:
    return f"reminder:{deadline_id}:{due.year:04d}{due.month:02d}{due.day:02d}:{rung:+d}"


def _existing(session, keys: list[str]) -> set[str]:
    """The outbox keys among `keys` already taken."""
    from models import Notification

    column = Notification.idempotency_key
    if session.get_bind().dialect.name == "postgresql":  # one array, not 1,000 parameters
        return set(session.scalars(select(column).where(
            column == any_(bindparam("keys", keys, type_=ARRAY(String))))))
    found = set()
    for start in range(0, len(keys), 5000):  # under SQLite's limit on parameters
        found.update(session.scalars(select(column).where(column.in_(keys[start:start + 5000]))))
    return found


class Readers(NamedTuple):
    """Who reads what an organization is sent, as the claim needs it: the first
    recipient's part of a key (its lowest user, in the app; else its own address) and
    whether anybody there reads English."""
    first: str
    english: bool


def _readers(session) -> dict[int, Readers]:
    """Per organization with any recipient: one aggregate over models/recipients.py."""
    from models.recipients import recipients

    who = recipients()
    rows = session.execute(select(
        who.c.org_id, func.min(who.c.user_id),
        func.max(case((who.c.locale == "en", 1), else_=0))).group_by(who.c.org_id))
    return {org: Readers(f"u{user}:in_app" if user is not None else f"o{org}:email",
                         bool(english)) for org, user, english in rows}


def claim_reminders(session, now: datetime) -> int:
    """Queue every rung due today for its recipients; return how many outbox rows were
    new. Python decides which rungs are due and writes their texts, once per rung and
    language; the database fans them out to the recipients (_fan_out)."""
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
    above = supervisors(session, orgs)
    told = {}  # rung key -> (deadline row, rung, organization told)
    for d, rung in due:
        org = above.get(d.holder_org_id) if rung > 0 else d.holder_org_id
        if org is not None:  # an escalation needs somebody above the holder
            told[rung_key(d.id, d.due_date, rung)] = (d, rung, org)
    readers = _readers(session)
    # A rung has gone out when its organization's first recipient has it: the fan-out
    # writes every recipient's row in one statement, so one key per rung tells, and a
    # later sweep the same day renders nothing. An organization nobody reads is skipped.
    first = {key: f"{key}:{readers[org].first}" for key, (_, _, org) in told.items()
             if org in readers}
    sent = _existing(session, list(first.values()))
    rows = []
    for key in sorted(first):
        if first[key] in sent:
            continue
        d, rung, org = told[key]
        template = "escalation" if rung > 0 else "reminder"
        subject_vi, body_vi = render(template, "vi", **_context(d, today, orgs, "vi"))
        subject_en = body_en = None
        if readers[org].english:  # English only where somebody reads it
            subject_en, body_en = render(template, "en", **_context(d, today, orgs, "en"))
        rows.append({"key": key, "deadline_id": d.id, "org_id": org,
                     "kind": f"deadline_{template}", "subject_vi": subject_vi,
                     "body_vi": body_vi, "subject_en": subject_en, "body_en": body_en})
    if not rows:
        return 0
    session.execute(CreateTable(STAGING, if_not_exists=True))  # one per connection
    session.execute(STAGING.delete())
    bulk_insert(session, STAGING, rows)
    # Another scheduler may be claiming the same rungs: the keys let one row in each.
    return session.execute(_fan_out(session.get_bind().dialect.name), {"now": now}).rowcount


# The rungs a sweep is claiming, with their texts: a temporary table (no log, no index, no
# foreign key: the cheapest rows there are), filled in one batch, fanned out from by one
# INSERT ... SELECT, emptied at the commit (PostgreSQL) or before the next claim (SQLite).
STAGING = Table("reminder_staging", MetaData(),
                Column("key", String(80)), Column("deadline_id", Integer),
                Column("org_id", Integer), Column("kind", String(40)),
                Column("subject_vi", String(300)), Column("body_vi", Text),
                Column("subject_en", String(300)), Column("body_en", Text),
                prefixes=["TEMPORARY"], postgresql_on_commit="DELETE ROWS")


@cache
def _fan_out(dialect: str):
    """One outbox row per recipient (models/recipients.py) of each staged rung, in the
    recipient's language, keyed <rung key>:<recipient>. Built once per dialect:
    constructing the statement costs more than running it."""
    from models import Notification
    from models.recipients import recipients

    who, rung = recipients(), STAGING.c
    english = (who.c.locale == "en") & rung.subject_en.is_not(None)
    now = bindparam("now", type_=UTCDateTime())
    key = (rung.key + literal(":") + who.c.tag).label("idempotency_key")
    fanned = (select(key, who.c.channel, who.c.recipient_org_id, who.c.user_id, rung.kind,
                     literal("deadline"), rung.deadline_id,
                     case((english, rung.subject_en), else_=rung.subject_vi),
                     case((english, rung.body_en), else_=rung.body_vi),
                     literal("pending"), literal(0), now, now)
              .join(who, who.c.org_id == rung.org_id)
              .where(true())  # SQLite reads ON CONFLICT after a join only behind a WHERE
              .order_by(key))  # every node inserts in key order: waits, never deadlocks
    columns = ("idempotency_key", "channel", "recipient_org_id", "recipient_user_id", "kind",
               "entity_type", "entity_id", "subject", "body", "status", "attempts",
               "next_attempt_at", "created_at")
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # preserve_rowcount: SQLAlchemy keeps the count of an INSERT's rows only when asked.
    return (insert(Notification.__table__).from_select(columns, fanned)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .execution_options(preserve_rowcount=True))


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
