"""The obstacles register: the list with its filters, reporting one, an obstacle's page
and its actions (assign, work, clear, escalate to the city)."""
from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forms.web_attachments import EvidenceForm
from forms.web_labels import OBSTACLE_KINDS
from forms.web_obstacles import WebObstacleForm
from models import Cluster, Obstacle, Organization, db
from models.obstacles import CLOSED_STATES
from workflows.engine.errors import Invalid
from workflows.engine.registry import WORKFLOWS
from workflows.operations.evidence import accepts_files
from workflows.operations.obstacles import report_obstacle
from workflows.permissions import can_report_obstacle, sees_everything, visible
from workflows.search import search_conditions

from ..clock import now
from . import pages_blueprint
from .entity_pages import (detail_url, load_visible, open_deadlines_of, panels,
                           transition_page)
from .filters import pick
from .listing import arg, communes, id_arg, paginate

bp = pages_blueprint("obstacles", __name__, url_prefix="/obstacles")
STATES = tuple(s.name for s in WORKFLOWS["obstacle"].states)


@bp.get("")
def index():
    query = visible(select(Obstacle), Obstacle, current_user)
    show = arg("show", ("open", "all")) or "open"
    conditions, search_errors = search_conditions(Obstacle, request.args, STATES)
    query = query.where(*conditions)
    if show == "open" and not arg("state", STATES):
        query = query.where(Obstacle.state.not_in(CLOSED_STATES))
    if arg("kind", tuple(OBSTACLE_KINDS)):
        query = query.where(Obstacle.kind == arg("kind"))
    if responsible := id_arg("responsible_org_id"):
        query = query.where(Obstacle.responsible_org_id == responsible)
    page = paginate(query, (Obstacle.id.desc(),))
    return render_template("obstacles/list.html", states=STATES, kinds=OBSTACLE_KINDS,
                           communes=communes(), show=show, search_errors=search_errors,
                           page=page, responsible=responsible, clearers=_clearers(),
                           deadlines=open_deadlines_of("obstacle", [o.id for o in page.items]))


@bp.route("/new", methods=["GET", "POST"])
def new():
    clusters = _reportable_clusters()
    if not clusters:
        abort(403)
    form = WebObstacleForm()
    if request.method == "GET" and (chosen := id_arg("cluster_id")):
        form.cluster_id.data = chosen
    form.set_choices(clusters, [(o.id, pick(o, "name")) for o in _clearers()])
    if form.validate_on_submit():
        cluster = load_visible(Cluster, form.cluster_id.data)
        try:
            obstacle = report_obstacle(db.session, cluster, current_user, now(),
                                       **form.report_values())
        except Invalid as exc:  # beside the field; the 422 keeps nothing of the request
            form.add_errors(exc.errors)
        else:
            flash(_("Đã ghi nhận khó khăn, vướng mắc"), "success")
            return redirect(detail_url("obstacle", obstacle.id), code=303)
    return render_template("obstacles/new.html", form=form), 422 if form.errors else 200


def _clearers() -> list:
    """The organizations an obstacle may be given to: every active one but the investors."""
    return db.session.scalars(select(Organization).where(
        Organization.active.is_(True), Organization.kind != "investor")
        .order_by(Organization.id)).all()


def _reportable_clusters():
    """The clusters the user may report on: an official's all, an investor's own."""
    query = select(Cluster).where(Cluster.stage != "abolished").order_by(Cluster.code)
    if not sees_everything(current_user):
        query = query.where(Cluster.investor_id == current_user.organization_id)
    return [c for c in db.session.scalars(query) if can_report_obstacle(current_user, c)]


@bp.get("/<int:obstacle_id>")
def detail(obstacle_id):
    obstacle = load_visible(Obstacle, obstacle_id)
    return render_template(
        "obstacles/detail.html", obstacle=obstacle,
        kind_label=OBSTACLE_KINDS.get(obstacle.kind, obstacle.kind),
        evidence_form=EvidenceForm() if accepts_files(current_user, obstacle) else None,
        **panels(obstacle))


@bp.route("/<int:obstacle_id>/actions/<trigger>", methods=["GET", "POST"])
def act(obstacle_id, trigger):
    return transition_page(Obstacle, obstacle_id, trigger)
