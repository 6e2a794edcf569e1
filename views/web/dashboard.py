"""The managers' dashboard: the year's plan (actual against each target's range, the
clusters behind each number) and where compliance and deadlines stand."""
from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from models import Cluster, Deadline, Violation, db
from models.violations import OPEN_EXCLUDED
from workflows.plan import progress
from workflows.engine.registry import WORKFLOWS

from ..api.visibility import deadline_scope
from ..clock import today
from . import pages_blueprint
from .listing import arg
from .page_cache import cached, page

bp = pages_blueprint("dashboard", __name__, url_prefix="/dashboard")
KINDS = ("regular", "craft_village")
OPEN_STATES = tuple(s.name for s in WORKFLOWS["violation"].states if s.name not in OPEN_EXCLUDED)


@bp.before_request
def officials_only():
    if not current_user.sees_everything:
        abort(403)


@bp.get("")
def index():
    """The same for every official: its body is rendered once per data generation, day,
    language and filter (views.web.page_cache); only base.html is rendered per request."""
    year, filters = _year(), _filters()
    body = cached("dashboard", year, *filters.values(), compute=lambda: render_template(
        "dashboard/_index_body.html", year=year, filters=filters,
        plan=progress(db.session, year, **filters, clusters=False),
        summary=summary(filters, today()), **_choices()).encode())
    return page("dashboard/index.html", body)


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
    ).tuples().all())
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
            "overdue_deadlines": overdue}


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else today().year


def _filters() -> dict:
    return {"district": arg("district"), "commune": arg("commune"), "kind": arg("kind", KINDS)}


def _choices() -> dict:
    """Districts always; communes only within the chosen district (a city has hundreds)."""
    districts = db.session.scalars(select(Cluster.district).distinct()
                                   .order_by(Cluster.district)).all()
    communes = []
    if arg("district"):
        communes = db.session.scalars(
            select(Cluster.commune).distinct().where(Cluster.district == arg("district"),
                                                     Cluster.commune != "")
            .order_by(Cluster.commune)).all()
    return {"districts": districts, "communes": communes, "kinds": KINDS}
