"""Evaluate a lab result against a standard and suggest the Decree 45 sanction (nothing is
stored), and list the standards a form offers."""
from flask import g, jsonify
from flask_babel import gettext as _

from models import WastewaterPlant, db
from workflows.engine.fields import INT32_MAX, FieldError, parse_date
from workflows.operations.evaluations import evaluate_sample, standards_catalog

from ..clock import today
from . import bp
from .entities import load
from .errors import invalid
from .input import json_object

CONDITIONS = ("standard", "column", "receiving_water", "discharge_flow_m3_day")
OPTIONS = ("organisation", "repeat", "surcharge_base", "sampled_on")
MEASUREMENT_FIELDS = ("parameter", "value", "unit")
MAX_MEASUREMENTS = 200


@bp.post("/evaluations")
def evaluations_create():
    body = json_object(allowed=("plant_id", *CONDITIONS, *OPTIONS, "measurements"))
    options = _read(body)
    plant = load(WastewaterPlant, body["plant_id"], g.api_user) \
        if body.get("plant_id") is not None else None
    result = evaluate_sample(db.session, g.api_user, plant=plant, today=today(), **options)
    return jsonify(result)


@bp.get("/standards")
def standards_list():
    return jsonify(standards_catalog())


def _read(body: dict) -> dict:
    """JSON types and shapes; the evaluation library checks the values themselves."""
    errors = {}
    plant_id = body.get("plant_id")
    if plant_id is not None and (not isinstance(plant_id, int) or isinstance(plant_id, bool)
                                 or not 1 <= plant_id <= INT32_MAX):
        errors["plant_id"] = _("phải là số nguyên")
    given = [k for k in CONDITIONS if body.get(k) is not None]
    if plant_id is not None:
        errors.update({k: _("bỏ trống khi đã chọn trạm (plant_id)") for k in given})
    else:
        errors.update({k: _("bắt buộc khi không chọn trạm")
                       for k in CONDITIONS if k not in given})
    for flag in ("organisation", "repeat"):
        if body.get(flag) is not None and not isinstance(body[flag], bool):
            errors[flag] = _("phải là true/false")
    if body.get("surcharge_base") is not None and not isinstance(body["surcharge_base"], str):
        errors["surcharge_base"] = _("phải là chuỗi")
    sampled_on = None
    if body.get("sampled_on") is not None:
        try:
            sampled_on = parse_date(body["sampled_on"])
        except FieldError as exc:
            errors["sampled_on"] = str(exc)
    measurements = body.get("measurements")
    if not isinstance(measurements, list) or not measurements:
        errors["measurements"] = _("cần ít nhất một số liệu")
    elif len(measurements) > MAX_MEASUREMENTS:
        errors["measurements"] = _("tối đa %(n)s", n=MAX_MEASUREMENTS)
    else:
        for i, m in enumerate(measurements):
            if isinstance(m, dict):
                errors.update({f"measurements[{i}].{k}": _("trường không được hỗ trợ") for k in m if k not in MEASUREMENT_FIELDS})
    if errors:
        raise invalid(errors)
    return {"conditions": None if plant_id is not None else {k: body[k] for k in CONDITIONS},
            "organisation": body.get("organisation"), "repeat": body.get("repeat"),
            "surcharge_base": body.get("surcharge_base"), "sampled_on": sampled_on,
            "measurements": measurements}
