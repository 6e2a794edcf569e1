"""Wastewater plants of a cluster: record one, read it, edit it."""
from datetime import date

from flask_babel import gettext as _
from flask import g, jsonify

from forms.plants import PlantForm
from models import Cluster, WastewaterPlant, db
from workflows.operations.plants import PLANT_FIELDS, add_plant, update_plant
from workflows.operations.standards import binding_of
from workflows.permissions import can_manage_plants

from ..clock import now, today
from . import bp
from .entities import load
from .errors import ApiError
from .input import json_object, required_version, validated


def plant_json(plant):
    """The plant, with the standard that binds it today and why."""
    return {**plant.to_dict(), "cluster_id": plant.cluster_id,
            "binding_standard": binding_of(plant, today())}


def _require_manager():
    if not can_manage_plants(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ cán bộ quản lý được ghi trạm XLNT"))


@bp.post("/clusters/<int:cluster_id>/plants")
def plants_create(cluster_id):
    cluster = load(Cluster, cluster_id, g.api_user)
    _require_manager()
    form = validated(PlantForm)
    plant = add_plant(db.session, cluster, g.api_user, now(), **form.plant_values())
    return jsonify(plant_json(plant)), 201


@bp.get("/plants/<int:plant_id>")
def plants_get(plant_id):
    return jsonify(plant_json(load(WastewaterPlant, plant_id, g.api_user)))


@bp.post("/plants/<int:plant_id>")
def plants_update(plant_id):
    """Only the fields sent change; the whole record is validated as it would become, so
    moving a plant from a river to a lake needs `"receiving_flow_m3s": null` too. With the
    `version` read (the body's or an If-Match header; required, as for every write to a
    versioned record), a record changed since is refused (409) instead of written over."""
    plant = load(WastewaterPlant, plant_id, g.api_user)
    _require_manager()
    body = json_object()
    version = required_version(body)
    body.pop("version", None)
    current = {name: getattr(plant, name) for name in PLANT_FIELDS}
    form = validated(PlantForm, {**{k: _as_input(v) for k, v in current.items()}, **body})
    values = form.plant_values()
    update_plant(db.session, plant, g.api_user, now(), version=version,
                 **{k: values[k] for k in body})
    return jsonify(plant_json(plant))


def _as_input(value):
    """A stored value as a JSON client would send it."""
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, (str, bool)) or value is None else str(value)
