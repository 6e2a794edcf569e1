"""Recurring deadlines: the half-yearly reports (Circular 14/2024/TT-BCT) and the yearly
routine inspection of each operating cluster. The calendar is data
(data/recurring_deadlines.csv); the reminder ladder of each comes from its policy.

An occurrence is opened when the sweep first runs inside its window (opens..due), once:
the key (rule, period, holder or cluster) is claimed by an insert that ignores duplicates,
and only the sweep whose insert went in opens the deadline. A window the scheduler missed
entirely is not opened after its due date: a report due last June is no longer reminded."""
import csv
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import String, bindparam, cast, exists, func, select

from models import Cluster, Deadline, Organization as O, RecurringOccurrence
from workflows.machines import policies
from workflows.engine.calendar import local_date

from .claims import claim

DATA = Path(__file__).resolve().parent.parent / "data" / "recurring_deadlines.csv"
SCOPES = ("organization", "cluster")


@dataclass(frozen=True)
class Rule:
    rule: str
    policy: str
    holder_kind: str
    scope: str  # organization: each org of holder_kind holds its own; cluster: one per cluster
    cluster_stages: tuple[str, ...]
    period: str
    period_vi: str
    period_en: str
    opens: tuple[int, int]  # (month, day)
    due: tuple[int, int]
    legal_basis: str

    def window(self, today: date) -> tuple[date, date] | None:
        opens, due = date(today.year, *self.opens), date(today.year, *self.due)
        return (opens, due) if opens <= today <= due else None


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    date(2024, month, day)  # a leap year: refuses 02-30, accepts 02-29
    return month, day


@cache
def rules() -> tuple[Rule, ...]:
    with DATA.open(encoding="utf-8") as fh:
        loaded = tuple(
            Rule(row["rule"], row["policy"], row["holder_kind"], row["scope"],
                 tuple(row["cluster_stages"].split()), row["period"], row["period_vi"],
                 row["period_en"], _month_day(row["opens"]), _month_day(row["due"]),
                 row["legal_basis"])
            for row in csv.DictReader(fh))
    for rule in loaded:
        if rule.scope not in SCOPES or rule.policy not in policies.defaults() \
                or rule.opens > rule.due:
            raise ValueError(f"{DATA.name}: rule {rule.rule!r} needs a known scope and "
                             f"policy and opens on or before its due date in one year")
    return loaded


def _unopened(session, rule: Rule, period: str) -> dict[str, tuple[int, str, int, str]]:
    """{key: (holder org, entity type, entity id, what to add to the title)} of the
    occurrences of `rule` in `period` that nobody claimed yet: active organizations of the
    holder kind, or the clusters at the rule's stages (held by the first organization of
    that kind). The database leaves out those claimed, so a sweep that finds them all
    open reads nothing more."""
    entity_type = "organization" if rule.scope == "organization" else "cluster"
    prefix = f"{rule.rule}:{period}:{entity_type}:"
    if rule.scope == "organization":
        found = [(org_id, org_id, "") for org_id in session.scalars(
            _UNCLAIMED_HOLDERS, {"prefix": prefix, "kind": rule.holder_kind})]
    else:
        clusters = session.execute(_UNCLAIMED_CLUSTERS, {"prefix": prefix,
                                                         "stages": rule.cluster_stages}).all()
        holder = session.scalar(_FIRST_HOLDER, {"kind": rule.holder_kind}) if clusters else None
        found = [] if holder is None else [(holder, c.id, f": {c.name}") for c in clusters]
    return {f"{prefix}{entity_id}": (holder, entity_type, entity_id, suffix)
            for holder, entity_id, suffix in found}


def _unclaimed(entity_id):
    """No occurrence keyed the parameter `prefix` (rule:period:entity type:) + the id."""
    return ~exists().where(RecurringOccurrence.key == bindparam("prefix", type_=String())
                           + cast(entity_id, String))


# Built once: the sweep runs them every minute.
_UNCLAIMED_HOLDERS = select(O.id).where(O.active.is_(True), O.kind == bindparam("kind"),
                                        _unclaimed(O.id))
_FIRST_HOLDER = select(func.min(O.id)).where(O.active.is_(True), O.kind == bindparam("kind"))
_UNCLAIMED_CLUSTERS = select(Cluster.id, Cluster.name).where(
    Cluster.stage.in_(bindparam("stages", expanding=True)), _unclaimed(Cluster.id))


def open_recurring(session, now: datetime) -> int:
    """Open every occurrence whose window contains today and is not open yet."""
    today = local_date(now)
    opened = 0
    for rule in rules():
        window = rule.window(today)
        if window is None:
            continue
        due = window[1]
        period = f"{due.year}-{rule.period}"
        wanted = _unopened(session, rule, period)
        if not wanted:
            continue
        claimed = claim(
            session, RecurringOccurrence.__table__,
            [{"key": key, "rule": rule.rule, "period": period, "created_at": now}
             for key in wanted], "key")
        if not claimed:  # another scheduler opened them meanwhile
            continue
        policy = policies.get(session, rule.policy)
        opening = {}
        for key in claimed:
            holder, entity_type, entity_id, suffix = wanted[key]
            opening[key] = Deadline(
                entity_type=entity_type, entity_id=entity_id, policy_key=policy.key,
                title_vi=f"{policy.label_vi} {rule.period_vi.format(year=due.year)}{suffix}"[:300],
                title_en=f"{policy.label_en}, {rule.period_en.format(year=due.year)}{suffix}"[:300],
                holder_org_id=holder, due_date=due, original_due_date=due, opened_at=now)
        session.add_all(opening.values())
        session.flush()  # one INSERT for them all, which gives each its id
        occurrences = RecurringOccurrence.__table__
        session.execute(occurrences.update().where(occurrences.c.key == bindparam("opened"))
                        .values(deadline_id=bindparam("deadline")),
                        [{"opened": key, "deadline": deadline.id}
                         for key, deadline in opening.items()])
        opened += len(claimed)
    return opened
