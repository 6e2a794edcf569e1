"""The deadline board's reads: open deadlines overdue, due this week, due this month,
grouped by the organization that holds them, in a constant number of queries however
many deadlines are open."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, literal, or_, select, union_all

from models import Cluster, Deadline, Inspection, Obstacle, Organization, Violation
from workflows.engine.language import pick
from workflows.permissions import deadline_scope

BUCKETS = ("overdue", "week", "month")
# The buckets are an overview by holder under the urgent table: each holder's earliest few,
# and a link to the rest (full_list).
ROWS_PER_GROUP = 3
GROUPS_PER_BUCKET = 12


def horizons(today: date) -> tuple[date, date]:
    """Rolling windows, not calendar ones: on the 29th 'this month' would hold one day,
    and the board is for seeing what comes next."""
    return today + timedelta(days=6), today + timedelta(days=30)


def bucket_of(today: date):
    week_end, _ = horizons(today)
    return case((Deadline.due_date < today, "overdue"),
                (Deadline.due_date <= week_end, "week"), else_="month")


def open_due(user, today: date, bucket: str | None = None, holder_id: int | None = None,
             narrow=()):
    """Open deadlines the user may see that are overdue or due by the end of the month;
    `narrow`: the board's filters as SQL conditions (filter_conditions)."""
    _, horizon = horizons(today)
    query = deadline_scope(select(Deadline), user).where(Deadline.closed_at.is_(None),
                                                         Deadline.due_date <= horizon, *narrow)
    if bucket:
        query = query.where(bucket_of(today) == bucket)
    if holder_id:
        query = query.where(Deadline.holder_org_id == holder_id)
    return query


def entity_names(session, deadlines) -> dict:
    """{(entity_type, id): 'what it is'}: one query per entity type on the page."""
    ids = defaultdict(set)
    for d in deadlines:
        ids[d.entity_type].add(d.entity_id)
    names = {}
    for entity_type, (query, said) in _NAMING.items():
        if ids[entity_type]:
            key = query.selected_columns[0]
            for row in session.execute(query.where(key.in_(ids[entity_type]))):
                names[(entity_type, row[0])] = said(*row)
    return names


# What names a deadline's subject on the board: its id first, then what the text needs.
_NAMING = {
    "cluster": (select(Cluster.id, Cluster.code, Cluster.name),
                lambda i, code, name: f"{code} — {name}"),
    "inspection": (select(Inspection.id, Cluster.code, Cluster.name).join(Inspection.cluster),
                   lambda i, code, name: f"#{i} · {code} — {name}"),
    "violation": (select(Violation.id, Cluster.code, Violation.title).join(Violation.cluster),
                  lambda i, code, title: f"{code}: {title}"),
    "obstacle": (select(Obstacle.id, Cluster.code, Obstacle.title).join(Obstacle.cluster),
                 lambda i, code, title: f"{code}: {title}"),
    # Recurring reports are the organization's own deadlines.
    "organization": (select(Organization.id, Organization),
                     lambda i, organization: pick(organization, "name")),
}


# What a deadline can be about, as the board's entity-type filter offers it.
ENTITY_TYPES = ("cluster", "inspection", "violation", "obstacle", "organization")
URGENT_ROWS = 20  # what a manager sees without scrolling


@dataclass(frozen=True)
class BoardFilters:
    holder: int | None = None  # the organization holding the deadline
    policy: str | None = None  # the kind of deadline (its policy)
    commune: str | None = None  # the commune of the cluster it concerns
    entity_type: str | None = None

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def filter_conditions(filters: BoardFilters) -> list:
    """The filters as conditions on Deadline. A commune reaches a deadline through the
    cluster it concerns, whatever the entity: the cluster itself, or its inspection,
    violation or obstacle."""
    conditions = []
    if filters.holder:
        conditions.append(Deadline.holder_org_id == filters.holder)
    if filters.policy:
        conditions.append(Deadline.policy_key == filters.policy)
    if filters.entity_type:
        conditions.append(Deadline.entity_type == filters.entity_type)
    if filters.commune:
        in_commune = select(Cluster.id).where(Cluster.commune == filters.commune)
        conditions.append(or_(
            (Deadline.entity_type == "cluster") & Deadline.entity_id.in_(in_commune),
            *((Deadline.entity_type == model.entity_type) & Deadline.entity_id.in_(
                select(model.id).where(model.cluster_id.in_(in_commune)))
              for model in (Inspection, Violation, Obstacle))))
    return conditions


def most_urgent(session, user, today: date, narrow=(), limit: int = URGENT_ROWS) -> list:
    """The open deadlines due soonest (the overdue ones first, longest overdue first)."""
    return session.scalars(open_due(user, today, narrow=narrow)
                           .order_by(Deadline.due_date, Deadline.id).limit(limit)).all()


def people_in_charge(session, deadlines) -> dict:
    """{(entity_type, id): the person in charge}, where one is recorded: an obstacle's
    assignee, an inspection team's first member (its head). One query whatever the mix of
    entity types on the page."""
    ids = defaultdict(set)
    for d in deadlines:
        ids[d.entity_type].add(d.entity_id)
    if not (ids["obstacle"] or ids["inspection"]):
        return {}
    rows = session.execute(union_all(
        select(literal("obstacle").label("kind"), Obstacle.id.label("id"),
               Obstacle.person_in_charge.label("person"))
        .where(Obstacle.id.in_(ids["obstacle"]), Obstacle.person_in_charge.is_not(None)),
        select(literal("inspection"), Inspection.id, Inspection.team)
        .where(Inspection.id.in_(ids["inspection"]))))
    people = {}
    for kind, i, person in rows:
        if kind == "inspection":
            # A team is written "head (trưởng đoàn), member, …": the head is in charge.
            person = (person or "").replace("\n", ",").split(",")[0].strip()
        if person:
            people[(kind, i)] = person
    return people
