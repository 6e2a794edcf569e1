"""The deadline board: overdue, due this week, due this month, by holding organization."""
from collections import defaultdict

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from models import Cluster, Deadline, Organization, db
from workflows.machines.policies import all_policies

from ..clock import today
from . import pages_blueprint
from .deadline_board import (BUCKETS, ENTITY_TYPES, GROUPS_PER_BUCKET, ROWS_PER_GROUP,
                             BoardFilters, bucket_of, entity_names, filter_conditions,
                             horizons, most_urgent, open_due, people_in_charge)
from .entity_pages import detail_url
from .filters import lang, pick, vndate
from .listing import arg, id_arg, paginate

bp = pages_blueprint("deadlines", __name__, url_prefix="/deadlines")


@bp.get("")
def index():
    """The most urgent deadlines first (a compact table a manager works from, days overdue
    and the person in charge), then the buckets by holder; the filters narrow both."""
    day, policies = today(), all_policies(db.session)
    filters = board_filters(policies)
    narrow = filter_conditions(filters)
    urgent = most_urgent(db.session, current_user, day, narrow)
    return render_template("deadlines/board.html", today=day, horizons=horizons(day),
                           filters=filters, **filter_choices(policies),
                           **board_rows(day, narrow, urgent))


def board_filters(policies: dict) -> BoardFilters:
    """The board's filters from the query string; a value it does not know is ignored."""
    return BoardFilters(holder=id_arg("holder"),
                        policy=arg("policy", tuple(policies)),
                        commune=arg("commune"), entity_type=arg("entity_type", ENTITY_TYPES))


def filter_choices(policies: dict) -> dict:
    holders = db.session.execute(
        select(Organization.id, Organization.name_vi, Organization.name_en)
        .where(Organization.id.in_(select(Deadline.holder_org_id)
                                   .where(Deadline.closed_at.is_(None)).distinct()))
        .order_by(Organization.name_vi)).all()
    english = lang() == "en"
    return {
        "holders": [(i, en if english and en else vi) for i, vi, en in holders],
        "policies": [(p.key, p.label_en if english else p.label_vi) for p in policies.values()],
        "communes": db.session.scalars(select(Cluster.commune).distinct()
                                       .where(Cluster.commune != "")
                                       .order_by(Cluster.commune)).all(),
        "entity_types": ENTITY_TYPES,
    }


def board_rows(day, narrow=(), urgent=()) -> dict:
    """The board, grouped in SQL: the number of open deadlines per bucket and holder, read
    from the partial index on open deadlines (ix_deadlines_open_due), then only the rows
    the page shows. So the work follows what the page shows (each bucket's
    GROUPS_PER_BUCKET busiest holders, each with its ROWS_PER_GROUP earliest deadlines),
    not the number of open deadlines. Rows come with their labels, links and dates in the
    page's language and format: the template only places them. The most urgent deadlines
    (the table above the buckets) are named with the buckets' rows, in the same queries."""
    counts = _counts(day, narrow)
    chosen = {b: sorted(((holder, n, first) for (bb, holder), (n, first) in counts.items()
                         if bb == b), key=lambda g: (-g[1], g[2], g[0]))[:GROUPS_PER_BUCKET]
              for b in BUCKETS}
    shown = _first_rows(day, {(b, holder) for b in BUCKETS for holder, _, _ in chosen[b]},
                        narrow)
    names = entity_names(db.session, [*urgent, *(d for rows in shown.values() for d in rows)])
    people = people_in_charge(db.session, urgent)

    def row(d):
        key = (d.entity_type, d.entity_id)
        return {"id": d.id, "href": detail_url(*key), "title": pick(d, "title"),
                "name": names.get(key, f"{d.entity_type} #{d.entity_id}"),
                "due_iso": d.due_date.isoformat(), "due": vndate(d.due_date)}

    # Each row brings its holder. A group left with no row was closed between the two
    # reads: the next request recounts.
    buckets = {b: [{"holder_id": holder, "holder": pick(shown[(b, holder)][0], "holder_name"),
                    "count": n, "rows": [row(d) for d in shown[(b, holder)]]}
                   for holder, n, _ in chosen[b] if shown.get((b, holder))] for b in BUCKETS}
    totals = {b: sum(n for (bb, _), (n, _) in counts.items() if bb == b) for b in BUCKETS}
    urgent_rows = [{**row(d), "holder": pick(d.holder, "name"), "entity_type": d.entity_type,
                    "person": people.get((d.entity_type, d.entity_id), ""),
                    "days_overdue": (day - d.due_date).days} for d in urgent]
    return {"urgent": urgent_rows, "buckets": buckets, "totals": totals,
            "grouped": {b: sum(g["count"] for g in buckets[b]) for b in BUCKETS}}


def _counts(day, narrow=()) -> dict:
    """{(bucket, holder id): (open deadlines, earliest due date)}. Grouped on a subquery's
    columns: PostgreSQL does not match a GROUP BY CASE to the selected one when each
    carries its own bound dates."""
    due = open_due(current_user, day, narrow=narrow).with_only_columns(
        bucket_of(day).label("bucket"), Deadline.holder_org_id.label("holder"),
        Deadline.due_date.label("due_date")).subquery()
    return {(b, holder): (n, first) for b, holder, n, first in db.session.execute(
        select(due.c.bucket, due.c.holder, func.count(), func.min(due.c.due_date))
        .group_by(due.c.bucket, due.c.holder))}


def _first_rows(day, groups: set, narrow=()) -> dict:
    """{(bucket, holder id): its first ROWS_PER_GROUP deadlines by due date}: ranked in SQL
    (from the index alone), then only those rows read, as the columns the board shows."""
    if not groups:
        return {}
    bucket = bucket_of(day)
    ranked = open_due(current_user, day, narrow=narrow).with_only_columns(
        Deadline.id, bucket.label("bucket"), Deadline.holder_org_id.label("holder"),
        func.row_number().over(partition_by=(bucket, Deadline.holder_org_id),
                               order_by=(Deadline.due_date, Deadline.id)).label("rank"),
    ).where(Deadline.holder_org_id.in_(sorted({holder for _, holder in groups}))).subquery()
    group_of = {i: (b, holder) for i, b, holder in db.session.execute(
        select(ranked.c.id, ranked.c.bucket, ranked.c.holder)
        .where(ranked.c.rank <= ROWS_PER_GROUP)) if (b, holder) in groups}
    shown = defaultdict(list)
    for d in db.session.execute(
            select(Deadline.id, Deadline.entity_type, Deadline.entity_id, Deadline.title_vi,
                   Deadline.title_en, Deadline.due_date,
                   Organization.name_vi.label("holder_name_vi"),
                   Organization.name_en.label("holder_name_en"))
            .join(Deadline.holder).where(Deadline.id.in_(group_of))
            .order_by(Deadline.due_date, Deadline.id)):
        shown[group_of[d.id]].append(d)
    return shown


@bp.get("/all")
def full_list():
    """Every deadline of one bucket (and one holder): the board shows the first few."""
    day = today()
    bucket = arg("bucket", BUCKETS) or "overdue"
    page = paginate(open_due(current_user, day, bucket, id_arg("holder")),
                    (Deadline.due_date, Deadline.id))
    return render_template("deadlines/list.html", page=page, bucket=bucket, today=day,
                           names=entity_names(db.session, page.items), detail_url=detail_url)
