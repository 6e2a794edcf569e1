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

from flask_babel import gettext as _
from sqlalchemy import select, update

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


class _Targets:
    """Who holds each rule's occurrences: active organizations of the holder kind, or the
    clusters at the rule's stages. Read once per sweep, however many windows are open."""

    def __init__(self, session, rules_open):
        from models import Cluster, Organization

        self.orgs = {}  # kind -> active ids, lowest first
        for org_id, kind in session.execute(select(Organization.id, Organization.kind)
                                            .where(Organization.active.is_(True))
                                            .order_by(Organization.id)):
            self.orgs.setdefault(kind, []).append(org_id)
        stages = {s for rule in rules_open if rule.scope == "cluster" for s in rule.cluster_stages}
        self.clusters = session.execute(select(Cluster.id, Cluster.name, Cluster.stage)
                                        .where(Cluster.stage.in_(stages))).all() if stages else []

    def of(self, rule: Rule) -> list[tuple[int, str, int, str]]:
        """(holder org, entity type, entity id, what to add to the title) per occurrence."""
        holders = self.orgs.get(rule.holder_kind, [])
        if rule.scope == "organization":
            return [(org_id, "organization", org_id, "") for org_id in holders]
        if not holders:
            return []
        return [(holders[0], "cluster", c.id, f": {c.name}") for c in self.clusters
                if c.stage in rule.cluster_stages]


def open_recurring(session, now: datetime) -> int:
    """Open every occurrence whose window contains today and is not open yet."""
    from models import Deadline, RecurringOccurrence

    today = local_date(now)
    rules_open = {rule: window[1] for rule in rules() if (window := rule.window(today))}
    if not rules_open:
        return 0
    periods = {rule: f"{due.year}-{rule.period}" for rule, due in rules_open.items()}
    # One read of the occurrences taken (a superset: rule and period each in the lists).
    taken = set(session.scalars(select(RecurringOccurrence.key).where(
        RecurringOccurrence.rule.in_([rule.rule for rule in periods]),
        RecurringOccurrence.period.in_(set(periods.values())))))
    targets = _Targets(session, rules_open)
    in_force = policies.all_policies(session)
    opened = 0
    for rule, due in rules_open.items():
        period = periods[rule]
        wanted = {f"{rule.rule}:{period}:{entity_type}:{entity_id}": (holder, entity_type,
                                                                       entity_id, suffix)
                  for holder, entity_type, entity_id, suffix in targets.of(rule)}
        claimed = claim(
            session, RecurringOccurrence.__table__,
            [{"key": key, "rule": rule.rule, "period": period, "created_at": now}
             for key in wanted if key not in taken], "key")
        policy = in_force[rule.policy]
        for key in claimed:
            holder, entity_type, entity_id, suffix = wanted[key]
            deadline = Deadline(
                entity_type=entity_type, entity_id=entity_id, policy_key=policy.key,
                title_vi=f"{policy.label_vi} {rule.period_vi.format(year=due.year)}{suffix}"[:300],
                title_en=f"{policy.label_en}, {rule.period_en.format(year=due.year)}{suffix}"[:300],
                holder_org_id=holder, due_date=due, original_due_date=due, opened_at=now)
            session.add(deadline)
            session.flush()
            session.execute(update(RecurringOccurrence.__table__)
                            .where(RecurringOccurrence.key == key)
                            .values(deadline_id=deadline.id))
        opened += len(claimed)
    return opened


def complete(session, deadline, user, now: datetime) -> None:
    """The holder reports a recurring obligation done (the report was sent, the cluster
    inspected). Workflow deadlines close by their transitions, never here."""
    from models import RecurringOccurrence

    from workflows.engine.errors import Conflict, Forbidden

    recurring = session.scalar(select(RecurringOccurrence.id)
                               .where(RecurringOccurrence.deadline_id == deadline.id))
    if recurring is None:
        raise Conflict(_("Thời hạn này đóng theo quy trình nghiệp vụ"))
    if user.organization_id != deadline.holder_org_id and user.role not in ("admin", "manager"):
        raise Forbidden(_("Không phải thời hạn của đơn vị bạn"))
    if deadline.closed_at is not None:
        raise Conflict(_("Thời hạn đã đóng"))
    deadline.closed_at = now
    deadline.outcome = "met"
