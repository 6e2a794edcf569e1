"""The reminder ladder: each policy lists day offsets from the due date (negative before,
0 on the day, positive = escalation to the supervising organization). The sweep writes an
outbox row for each rung that has come, to each recipient of its organization and channel,
keyed (deadline, due date, rung, recipient, channel): a recipient is sent a rung once,
however often the sweep runs and however many schedulers run it, because the key is taken.

Which rung is due: per audience (the holder for offsets <= 0, the supervisor for offsets
> 0) the latest rung whose date has come, and not one dated before the deadline opened.
After an outage the sweep therefore sends what the reader needs now ("due today"), not a
burst of stale ones ("due in 7 days", "due tomorrow"). A user who joins the organization
while a rung is the latest is sent it too; one who joins after is sent the next. The due
date is part of the key, so an extension restarts the ladder for the new date.

The database does the sweep's work: Python lays out, per policy and rung, which due dates
make the rung the latest come today (a few rows a policy, in a temporary table), and one
INSERT ... SELECT (fanout.py) writes the rows of every due rung to whoever its organization
has at that moment. A reminder's row holds no text: its text is written when it is read
(workflows/operations/notice_texts.py), by dispatch for an e-mail and by the inbox for the
app, in the reader's language."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import (Column, Date, Index, Integer, MetaData, String, Table, Text, bindparam,
                        case, cast, extract, func, literal, select)
from sqlalchemy.schema import CreateIndex, CreateTable

from models import Deadline, Organization
from models.base import UTCDateTime
from models.recipients import CHANNELS
from workflows.machines import policies
from workflows.engine.calendar import HANOI, local_date

from .fanout import outbox_rows

DAY_SECONDS = 86400

# A rung of a policy's ladder, as today's sweep reads it: the rung is the latest come for
# a deadline due in [due_from, due_to], and counts if the deadline opened (its UTC
# instant, in seconds) before the due date's midnight (UTC) + opened_before. Most
# deadlines opened long before their rungs: opening before surely_before (that bound for
# due_from, the earliest due date) settles them without date arithmetic on every row.
RUNGS = Table("reminder_rungs", MetaData(), Column("policy_key", Text),
              Column("rung", Integer), Column("label", Text), Column("kind", Text),
              Column("due_from", Date), Column("due_to", Date),
              Column("opened_before", Integer), Column("surely_before", UTCDateTime()),
              prefixes=["TEMPORARY"])
# Without it SQLite scans the rungs first and indexes the open deadlines anew at each sweep.
RUNG_LOOKUP = Index("ix_reminder_rungs", RUNGS.c.policy_key, RUNGS.c.due_from)


@dataclass(frozen=True)
class Ladder:
    """A policy's offsets split by audience, latest first."""
    reminders: tuple[int, ...]
    escalations: tuple[int, ...]

    @classmethod
    def of(cls, offsets) -> "Ladder":
        return cls(tuple(sorted((o for o in offsets if o <= 0), reverse=True)),
                   tuple(sorted((o for o in offsets if o > 0), reverse=True)))


def window(ladders) -> tuple[int, int]:
    """How many days before and after its due date any rung can fall."""
    offsets = [o for ladder in ladders for o in ladder] or [0]
    return max(0, -min(offsets)), max(0, max(offsets))


def rungs(in_force: dict, today: date, earliest: date, utc_offset: int) -> list[dict]:
    """Per policy and rung: the due dates for which the rung is the latest of its audience
    that has come today (due + rung <= today < due + the next later rung), and the bound
    on the opening: the rung's date must not be before the day the deadline opened, i.e.
    it opened before the end of that day in Hanoi."""
    laid_out = []
    for key, policy in in_force.items():
        ladder = Ladder.of(policy.reminders)
        for offsets in (ladder.reminders, ladder.escalations):
            later = None  # offsets run latest first
            for rung in offsets:
                due_from = earliest if later is None else today - timedelta(days=later - 1)
                laid_out.append({
                    "policy_key": key, "rung": rung, "label": f"{rung:+d}",
                    "kind": "deadline_escalation" if rung > 0 else "deadline_reminder",
                    "due_from": due_from,
                    "due_to": today - timedelta(days=rung),
                    "opened_before": (rung + 1) * DAY_SECONDS - utc_offset,
                    "surely_before": datetime.combine(due_from + timedelta(days=rung + 1),
                                                      time(), HANOI)})
                later = rung
    return laid_out


def queue_reminders(session, now: datetime) -> int:
    """Queue every rung due today for each of its recipients who lacks it; return how
    many outbox rows were new."""
    today = local_date(now)
    in_force = policies.all_policies(session)
    lead, lag = window(p.reminders for p in in_force.values())
    earliest = today - timedelta(days=lag)
    connection = session.connection()
    connection.execute(CreateTable(RUNGS, if_not_exists=True))
    connection.execute(CreateIndex(RUNG_LOOKUP, if_not_exists=True))
    connection.execute(RUNGS.delete())
    connection.execute(RUNGS.insert(), rungs(
        in_force, today, earliest, int(now.astimezone(HANOI).utcoffset().total_seconds())))
    return connection.execute(_due_reminders(connection.dialect.name), {
        "lo": earliest, "hi": today + timedelta(days=lead), "now": now}).rowcount


@cache
def _due_reminders(dialect: str):
    """The outbox rows of the rungs due today (fanout.py). Built once per dialect: a
    plain Core statement, its dates bound at each sweep."""
    d, o, r = Deadline.__table__.c, Organization.__table__.c, RUNGS.c

    def first_active(kind):
        return select(func.min(o.id)).where(o.kind == kind, o.active.is_(True)) \
            .scalar_subquery()

    # An escalation goes to the holder's parent; where it has none, to the industry
    # department (the focal point); for the department itself, to the city committee.
    parent = select(o.parent_id).where(o.id == d.holder_org_id).scalar_subquery()
    above = func.coalesce(*(func.nullif(c, d.holder_org_id) for c in (
        parent, first_active("industry_department"), first_active("city_committee"))))
    due = func.replace(cast(d.due_date, String), "-", "")  # 2026-12-10: 20261210
    key = literal("reminder:") + cast(d.id, String) + ":" + due + ":" + r.label
    due_rungs = (
        select(key.label("key"), case((r.rung > 0, above), else_=d.holder_org_id)
               .label("org_id"), r.kind, d.id.label("entity_id"))
        .join_from(Deadline, RUNGS, (r.policy_key == d.policy_key)
                   & (d.due_date >= r.due_from) & (d.due_date <= r.due_to))
        # A range scan of the partial index ix_deadlines_open_due: the cost follows what
        # is due, not what is open.
        .where(d.closed_at.is_(None), d.due_date >= bindparam("lo", type_=Date()),
               d.due_date <= bindparam("hi", type_=Date()),
               (d.opened_at < r.surely_before) | (extract("epoch", d.opened_at)
                                                  < extract("epoch", d.due_date)
                                                  + r.opened_before))
        # Worked out once, not again for each kind of recipient the fan-out joins. Nested:
        # an INSERT that begins with WITH has no row count in Python's sqlite3.
        .cte("due_rungs", nesting=True).prefix_with("MATERIALIZED"))
    no_text = literal(None, Text)  # written when read
    messages = select(due_rungs.c.key, due_rungs.c.org_id, due_rungs.c.kind,
                      literal("deadline").label("entity_type"), due_rungs.c.entity_id,
                      literal("").label("subject_vi"), literal("").label("body_vi"),
                      no_text.label("subject_en"), no_text.label("body_en"))
    return outbox_rows(dialect, messages.subquery("messages"), CHANNELS)
