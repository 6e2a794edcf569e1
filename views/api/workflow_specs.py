from flask import jsonify

from workflows.engine.registry import WORKFLOWS

from . import bp
from .errors import not_found


@bp.get("/workflows")
def workflows_list():
    return jsonify({"items": [wf.to_dict() for wf in WORKFLOWS.values()]})


@bp.get("/workflows/<name>")
def workflows_get(name):
    wf = WORKFLOWS.get(name)
    if wf is None:
        raise not_found("workflow")
    return jsonify(wf.to_dict())
