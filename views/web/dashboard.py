"""The managers' dashboard: the year's plan (actual against each target's range, the
clusters behind each number) and where compliance and deadlines stand."""
from datetime import date

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import and_, case, func, select

from models import Cluster, Deadline, Obstacle, Violation, db
from models.obstacles import CLOSED_STATES as OBSTACLE_CLOSED
from models.violations import OPEN_EXCLUDED
from workflows.plan import progress
from workflows.engine.registry import WORKFLOWS
from workflows.permissions import can_manage_plan, can_see_dashboard, deadline_scope

from ..clock import today
from . import pages_blueprint
from .listing import arg

bp = pages_blueprint("dashboard", __name__, url_prefix="/dashboard")
KINDS = ("regular", "craft_village")
OPEN_STATES = tuple(s.name for s in WORKFLOWS["violation"].states if s.name not in OPEN_EXCLUDED)


@bp.before_request
def officials_only():
    if not can_see_dashboard(current_user):  # the same predicate as GET /api/v1/plan-progress
        abort(403)


@bp.get("")
def index():
    year, filters = _year(), _filters()
    return render_template("dashboard/index.html", year=year, filters=filters,
                           plan=progress(db.session, year, **filters, clusters=False,
                                         compare=True),
                           summary=summary(filters, today()), can_manage_plan=can_manage_plan,
                           **_choices())


@bp.get("/indicators/<indicator>")
def indicator(indicator):
    """The clusters behind one number: only this page loads them."""
    year, filters = _year(), _filters()
    items = [t for t in progress(db.session, year, **filters, indicator=indicator)["targets"]
             if "error" not in t]
    if not items:
        abort(404)
    return render_template("dashboard/indicator.html", year=year, filters=filters,
                           target=items[0])


def summary(filters: dict, day) -> dict:
    """Compliance of the clusters in the filter, open violations, overdue deadlines."""
    narrow = [getattr(Cluster, k) == v for k, v in filters.items() if v]
    by_compliance = dict(db.session.execute(
        select(Cluster.compliance, func.count()).where(*narrow).group_by(Cluster.compliance)
    ).all())
    # IN the open states rather than NOT IN the closed ones: the index on state then
    # reads only the open few among a city's 100,000 violations.
    open_count = select(func.count()).select_from(Violation).where(
        Violation.state.in_(OPEN_STATES))
    if narrow:
        open_count = open_count.join(Violation.cluster).where(*narrow)
    open_violations = db.session.scalar(open_count)
    overdue = db.session.scalar(deadline_scope(
        select(func.count()).select_from(Deadline), current_user)
        .where(Deadline.closed_at.is_(None), Deadline.due_date < day))
    return {"compliance": by_compliance, "open_violations": open_violations,
            "overdue_deadlines": overdue, "obstacles": obstacle_counts(narrow, day)}


def obstacle_counts(narrow: list, day) -> dict:
    """Obstacles still holding clusters back, those past their date, and those cleared
    this year: one aggregate query."""
    still_open = Obstacle.state.not_in(OBSTACLE_CLOSED)
    query = select(
        func.count(case((still_open, 1))),
        func.count(case((and_(still_open, Obstacle.due_date < day), 1))),
        func.count(case((Obstacle.resolved_on >= date(day.year, 1, 1), 1))),
    ).select_from(Obstacle)
    if narrow:
        query = query.join(Obstacle.cluster).where(*narrow)
    open_, overdue, resolved = db.session.execute(query).one()
    return {"open": open_, "overdue": overdue, "resolved_this_year": resolved}


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else today().year


def _filters() -> dict:
    return {"district": arg("district"), "commune": arg("commune"), "kind": arg("kind", KINDS)}


def _choices() -> dict:
    """Communes: since 1/7/2025 Hanoi has no district level, the plan is read by commune
    (a former district still filters through ?district= for older links)."""
    communes = db.session.scalars(select(Cluster.commune).distinct()
                                  .where(Cluster.commune != "").order_by(Cluster.commune)).all()
    return {"communes": communes, "kinds": KINDS}
