"""The obstacles register in the API: like violations, with filters by state, kind,
cluster, responsible organization and commune."""
from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from forms.obstacles import ObstacleForm
from models import Cluster, Obstacle, db
from models.obstacles import OBSTACLE_KINDS
from workflows.engine.registry import WORKFLOWS
from workflows.operations.obstacles import report_obstacle
from workflows.search import search_conditions

from ..clock import now
from . import bp
from .entities import history, load, page, transition
from .errors import invalid
from .input import query_int, validated
from .serializers import obstacle_json

STATES = tuple(s.name for s in WORKFLOWS["obstacle"].states)


@bp.get("/obstacles")
def obstacles_list():
    args, filters = request.args, []
    conditions, errors = search_conditions(Obstacle, args, STATES)
    if args.get("kind"):
        if args["kind"] not in OBSTACLE_KINDS:
            errors["kind"] = _("một trong: %(names)s", names=", ".join(OBSTACLE_KINDS))
        filters.append((Obstacle.kind, args["kind"]))
    if errors:
        raise invalid(errors)
    for key, column in (("cluster_id", Obstacle.cluster_id),
                        ("responsible_org_id", Obstacle.responsible_org_id)):
        if args.get(key):
            filters.append((column, query_int(key, 0)))
    query = select(Obstacle).where(*conditions)
    return page(query, Obstacle, g.api_user, obstacle_json, filters)


@bp.post("/obstacles")
def obstacles_create():
    form = validated(ObstacleForm)
    cluster = load(Cluster, form.cluster_id.data, g.api_user)
    obstacle = report_obstacle(db.session, cluster, g.api_user, now(), **form.report_values())
    return jsonify(obstacle_json(obstacle, g.api_user, detail=True)), 201


@bp.get("/obstacles/<int:obstacle_id>")
def obstacles_get(obstacle_id):
    return jsonify(obstacle_json(load(Obstacle, obstacle_id, g.api_user), g.api_user,
                                 detail=True))


@bp.post("/obstacles/<int:obstacle_id>/transitions")
def obstacles_transition(obstacle_id):
    return transition(Obstacle, obstacle_id, obstacle_json)


@bp.get("/obstacles/<int:obstacle_id>/history")
def obstacles_history(obstacle_id):
    return history(Obstacle, obstacle_id)
