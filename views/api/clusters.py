from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.clusters import NewClusterForm
from models import Cluster, db
from workflows.operations.clusters import create_cluster
from workflows.permissions import can_manage_clusters

from ..clock import now
from . import bp
from .entities import history, load, page, transition
from .errors import ApiError
from .input import validated
from .serializers import cluster_json


@bp.get("/clusters")
def clusters_list():
    args = request.args
    filters = [(col, args[key]) for key, col in (
        ("state", Cluster.stage), ("stage", Cluster.stage), ("compliance", Cluster.compliance),
        ("district", Cluster.district), ("kind", Cluster.kind)) if args.get(key)]
    # Plants are loaded in one query: the certify/expand guards read them for every row.
    return page(select(Cluster).options(selectinload(Cluster.plants)), Cluster, g.api_user,
                cluster_json, filters)


@bp.post("/clusters")
def clusters_create():
    if not can_manage_clusters(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ cán bộ quản lý được tạo cụm"))
    form = validated(NewClusterForm)
    cluster = create_cluster(db.session, g.api_user, now(), **form.data)
    return jsonify(cluster_json(cluster, g.api_user, detail=True)), 201


@bp.get("/clusters/<int:cluster_id>")
def clusters_get(cluster_id):
    return jsonify(cluster_json(load(Cluster, cluster_id, g.api_user), g.api_user, detail=True))


@bp.post("/clusters/<int:cluster_id>/transitions")
def clusters_transition(cluster_id):
    return transition(Cluster, cluster_id, cluster_json)


@bp.get("/clusters/<int:cluster_id>/history")
def clusters_history(cluster_id):
    return history(Cluster, cluster_id)
