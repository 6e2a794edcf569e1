"""The deadline board's reads: open deadlines overdue, due this week, due this month,
grouped by the organization that holds them, in a constant number of queries however
many deadlines are open."""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, select

from models import Cluster, Deadline, Inspection, Obstacle, Organization, Violation

from workflows.permissions import deadline_scope

BUCKETS = ("overdue", "week", "month")
ROWS_PER_GROUP = 5
GROUPS_PER_BUCKET = 12


def horizons(today: date) -> tuple[date, date]:
    """Rolling windows, not calendar ones: on the 29th 'this month' would hold one day,
    and the board is for seeing what comes next."""
    return today + timedelta(days=6), today + timedelta(days=30)


def bucket_of(today: date):
    week_end, _ = horizons(today)
    return case((Deadline.due_date < today, "overdue"),
                (Deadline.due_date <= week_end, "week"), else_="month")


def open_due(user, today: date, bucket: str | None = None, holder_id: int | None = None):
    """Open deadlines the user may see that are overdue or due by the end of the month."""
    _, horizon = horizons(today)
    query = deadline_scope(select(Deadline), user).where(Deadline.closed_at.is_(None),
                                                         Deadline.due_date <= horizon)
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
    if ids["cluster"]:
        for i, code, name in session.execute(select(Cluster.id, Cluster.code, Cluster.name)
                                             .where(Cluster.id.in_(ids["cluster"]))):
            names[("cluster", i)] = f"{code} — {name}"
    if ids["inspection"]:
        for i, code, name in session.execute(
                select(Inspection.id, Cluster.code, Cluster.name).join(Inspection.cluster)
                .where(Inspection.id.in_(ids["inspection"]))):
            names[("inspection", i)] = f"#{i} · {code} — {name}"
    if ids["violation"]:
        for i, title, code in session.execute(
                select(Violation.id, Violation.title, Cluster.code).join(Violation.cluster)
                .where(Violation.id.in_(ids["violation"]))):
            names[("violation", i)] = f"{code}: {title}"
    if ids["obstacle"]:
        for i, title, code in session.execute(
                select(Obstacle.id, Obstacle.title, Cluster.code).join(Obstacle.cluster)
                .where(Obstacle.id.in_(ids["obstacle"]))):
            names[("obstacle", i)] = f"{code}: {title}"
    if ids["organization"]:  # recurring reports are the organization's own deadlines
        for i, name in session.execute(select(Organization.id, Organization.name_vi)
                                       .where(Organization.id.in_(ids["organization"]))):
            names[("organization", i)] = name
    return names
