"""Clusters: the list (stage, compliance, plant status, occupancy), a cluster's page, its
data form and its life-cycle decisions."""
from dataclasses import replace

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, or_, select

from forms.web_attachments import EvidenceForm
from forms.web_clusters import WebClusterEditForm, WebNewClusterForm
from models import Cluster, Inspection, Obstacle, Organization, Violation, WastewaterPlant, db
from workflows.operations.clusters import create_cluster, update_cluster
from workflows.operations.standards import binding_of
from workflows.engine.errors import Invalid
from workflows.engine.registry import WORKFLOWS
from workflows.operations.evidence import accepts_files
from workflows.permissions import can_manage_clusters, can_report_obstacle, visible

from ..clock import now, today
from . import pages_blueprint
from .entity_pages import detail_url, load_visible, panels, transition_page
from .filters import percent, pick, state_label
from .listing import arg, communes, paginate

bp = pages_blueprint("clusters", __name__, url_prefix="/clusters")
STAGES = tuple(s.name for s in WORKFLOWS["cluster_stage"].states)
COMPLIANCE = tuple(s.name for s in WORKFLOWS["cluster_compliance"].states)


@bp.get("")
def index():
    return render_template("clusters/list.html", **listing())


def listing() -> dict:
    """One page of clusters as plain rows, labels and figures ready for the template."""
    query = visible(select(Cluster), Cluster, current_user)
    for name, column, allowed in (("district", Cluster.district, None),
                                  ("commune", Cluster.commune, None),
                                  ("stage", Cluster.stage, STAGES),
                                  ("compliance", Cluster.compliance, COMPLIANCE),
                                  ("kind", Cluster.kind, ("regular", "craft_village"))):
        if arg(name, allowed):
            query = query.where(column == arg(name))
    if arg("q"):
        like = f"%{arg('q')}%"
        query = query.where(or_(Cluster.code.ilike(like), Cluster.name.ilike(like)))
    page = paginate(query, (Cluster.code,))
    plants = plant_status([c.id for c in page.items])
    stage_labels = {s: state_label("cluster_stage", s) for s in STAGES}
    compliance_labels = {s: state_label("cluster_compliance", s) for s in COMPLIANCE}
    rows = [{
        "id": c.id, "code": c.code, "name": c.name, "district": c.district,
        "commune": c.commune, "stage": c.stage,
        "stage_label": stage_labels.get(c.stage, c.stage), "compliance": c.compliance,
        "compliance_label": compliance_labels.get(c.compliance, c.compliance),
        "plant": plants.get(c.id, "none"),
        "occupancy": percent(c.occupancy) if c.occupancy is not None else "—",
        "investor": pick(c.investor, "name") if c.investor else "—",
    } for c in page.items]
    return {"page": replace(page, items=rows), "communes": communes(), "stages": stage_labels,
            "compliance": compliance_labels}


def plant_status(cluster_ids) -> dict:
    """{cluster id: 'meets' | 'fails'} for the clusters with a plant (others have none):
    one grouped query instead of loading every plant of the page."""
    if not cluster_ids:
        return {}
    rows = db.session.execute(
        select(WastewaterPlant.cluster_id,
               func.max(case((WastewaterPlant.meets_standard, 1), else_=0)))
        .where(WastewaterPlant.cluster_id.in_(cluster_ids))
        .group_by(WastewaterPlant.cluster_id))
    return {cluster_id: "meets" if meets else "fails" for cluster_id, meets in rows}


@bp.get("/<int:cluster_id>")
def detail(cluster_id):
    cluster = load_visible(Cluster, cluster_id)
    inspections = db.session.scalars(  # visible(): an unannounced check stays unknown
        visible(select(Inspection), Inspection, current_user)
        .where(Inspection.cluster_id == cluster.id)
        .order_by(Inspection.planned_date.desc()).limit(20)).all()
    violations = db.session.scalars(select(Violation).where(Violation.cluster_id == cluster.id)
                                    .order_by(Violation.id.desc()).limit(20)).all()
    obstacles = db.session.scalars(select(Obstacle).where(Obstacle.cluster_id == cluster.id)
                                   .order_by(Obstacle.id.desc()).limit(20)).all()
    evidence_form = EvidenceForm() if accepts_files(current_user, cluster) else None
    return render_template("clusters/detail.html", cluster=cluster, inspections=inspections,
                           violations=violations, obstacles=obstacles,
                           bindings={p.id: binding_of(p, today()) for p in cluster.plants},
                           can_report_obstacle=can_report_obstacle,
                           can_edit=can_manage_clusters(current_user),
                           evidence_form=evidence_form, **panels(cluster))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """A new cluster, with its establishment decision when there is one."""
    if not can_manage_clusters(current_user):
        abort(403)
    form = WebNewClusterForm()
    form.set_investors(db.session.scalars(select(Organization).where(
        Organization.kind == "investor").order_by(Organization.name_vi)))
    if form.validate_on_submit():
        try:
            cluster = create_cluster(db.session, current_user, now(), **form.cluster_values())
        except Invalid as exc:  # beside the field; the 422 keeps nothing of the request
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu"), "success")
            return redirect(detail_url("cluster", cluster.id), code=303)
    return render_template("clusters/new.html", form=form), 422 if form.errors else 200


@bp.route("/<int:cluster_id>/edit", methods=["GET", "POST"])
def edit(cluster_id):
    cluster = load_visible(Cluster, cluster_id)
    if not can_manage_clusters(current_user):
        abort(403)
    form = WebClusterEditForm(obj=cluster)
    form.set_investors(db.session.scalars(select(Organization).where(
        Organization.kind == "investor").order_by(Organization.name_vi)))
    if form.validate_on_submit():
        try:
            update_cluster(db.session, cluster, current_user, now(),
                           version=form.version.data, **form.cluster_values())
        except Invalid as exc:  # beside the field; the 422 keeps nothing of the request
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu"), "success")
            return redirect(detail_url("cluster", cluster_id), code=303)
    return render_template("clusters/edit.html", cluster=cluster, form=form), \
        422 if form.errors or form.form_errors else 200


@bp.route("/<int:cluster_id>/actions/<trigger>", methods=["GET", "POST"])
def act(cluster_id, trigger):
    return transition_page(Cluster, cluster_id, trigger)
