"""The deadline board's reads: open deadlines overdue, due this week, due this month,
grouped by the organization that holds them, in a constant number of queries however
many deadlines are open."""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, select

from models import Cluster, Deadline, Inspection, Organization, Violation

from ..api.visibility import deadline_scope

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


def board(session, user, today: date) -> dict:
    """{bucket: [(organization, count, [deadline, ...]), ...]} plus entity names.

    One light query of (id, holder, due date) over the open deadlines due by the horizon
    (the partial index on open deadlines serves it), grouped here; then only the rows the
    page shows are loaded. A bucket shows its GROUPS_PER_BUCKET busiest holders, each with
    its ROWS_PER_GROUP earliest deadlines, so the page stays small at a national scale."""
    week_end, _ = horizons(today)
    light = open_due(user, today).with_only_columns(
        Deadline.id, Deadline.holder_org_id, Deadline.due_date).order_by(Deadline.due_date,
                                                                          Deadline.id)
    groups = defaultdict(list)  # (bucket, holder) -> ids, earliest first
    for deadline_id, holder_id, due in session.execute(light):
        bucket = "overdue" if due < today else "week" if due <= week_end else "month"
        groups[(bucket, holder_id)].append(deadline_id)
    chosen = {b: sorted(((h, ids) for (bb, h), ids in groups.items() if bb == b),
                        key=lambda g: -len(g[1]))[:GROUPS_PER_BUCKET] for b in BUCKETS}
    shown_ids = [i for picked in chosen.values() for _, ids in picked
                 for i in ids[:ROWS_PER_GROUP]]
    rows = {d.id: d for d in session.scalars(select(Deadline).where(Deadline.id.in_(shown_ids)))}
    orgs = {o.id: o for o in session.scalars(select(Organization).where(
        Organization.id.in_({h for picked in chosen.values() for h, _ in picked})))}
    result = {b: [(orgs[h], len(ids), [rows[i] for i in ids[:ROWS_PER_GROUP]])
                  for h, ids in chosen[b]] for b in BUCKETS}
    totals = {b: sum(len(ids) for (bb, _), ids in groups.items() if bb == b) for b in BUCKETS}
    return {"buckets": result, "totals": totals,
            "names": entity_names(session, list(rows.values()))}


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
    return names
