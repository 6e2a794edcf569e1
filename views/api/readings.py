"""POST /plants/<id>/readings: a plant's automatic monitoring station uploads its readings.

A station is a device, not a user: it sends `Authorization: Device <token>`, the token the
CLI `flask plants token PLANT_ID` issued for that plant (only its sha256 is stored)."""
import hmac
from datetime import datetime, timedelta, timezone

from flask import current_app, jsonify, request
from flask_babel import format_decimal, gettext as _

from models import WastewaterPlant, db
from workflows.operations.accounts import token_hash
from workflows.operations.monitoring import record_readings
from workflows.wastewater.evaluation import to_decimal

from ..clock import now
from . import bp
from .errors import ApiError, invalid
from .input import json_object

MAX_READINGS = 1000
# A station's clock may run a little ahead; a reading further in the future is a bad clock.
CLOCK_SKEW = timedelta(minutes=10)
FIELDS = ("parameter", "value", "unit", "measured_at")
MAX_VALUE = 10**12  # the readings column holds 12 digits before the point


def device_endpoint(view):
    """Marks a view that authenticates a device itself (views/api/auth.py skips it)."""
    view.device_endpoint = True
    return view


@bp.post("/plants/<int:plant_id>/readings")
@device_endpoint
def plants_readings(plant_id):
    plant = _authenticated_plant(plant_id)
    readings = _read(json_object(required=("readings",), allowed=("readings",)))
    minutes = int(current_app.config.get("MONITORING_EXCEEDANCE_MINUTES", 120))
    summary = record_readings(db.session, plant, readings, now(), run_minutes=minutes)
    return jsonify({"plant_id": plant.id, "run_minutes": minutes, **summary}), 201


def _authenticated_plant(plant_id):
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    plant = db.session.get(WastewaterPlant, plant_id)
    # One answer for every failure (no token, a wrong one, another plant's, no such
    # plant): a caller learns nothing about which plants exist or hold tokens.
    if scheme.lower() != "device" or not token.strip() or plant is None or \
            plant.device_token_hash is None or \
            not hmac.compare_digest(plant.device_token_hash, token_hash(token.strip())):
        raise ApiError(401, "unauthorized", _("Mã thiết bị không hợp lệ"))
    return plant


def _read(body) -> list[dict]:
    readings, errors = body["readings"], {}
    if not isinstance(readings, list) or not readings:
        raise invalid({"readings": _("cần danh sách số liệu")})
    if len(readings) > MAX_READINGS:
        raise invalid({"readings": _("tối đa %(n)s số liệu mỗi lần gửi", n=MAX_READINGS)})
    latest = now() + CLOCK_SKEW
    out = []
    for i, r in enumerate(readings):
        where = f"readings[{i}]"
        if not isinstance(r, dict):
            errors[where] = _("phải là đối tượng")
            continue
        errors.update({f"{where}.{k}": _("trường không được hỗ trợ")
                       for k in r if k not in FIELDS})
        errors.update({f"{where}.{k}": _("bắt buộc") for k in FIELDS
                       if r.get(k) in (None, "") and k != "unit"})
        parameter, unit, value = r.get("parameter"), r.get("unit", ""), r.get("value")
        if parameter is not None and not isinstance(parameter, str):
            errors[f"{where}.parameter"] = _("phải là chuỗi")
        if not isinstance(unit, (str, type(None))):
            errors[f"{where}.unit"] = _("phải là chuỗi")
        if value is not None and (isinstance(value, str) or to_decimal(value) is None):
            errors[f"{where}.value"] = _("phải là số")
        elif value is not None and not 0 <= to_decimal(value) < MAX_VALUE:
            errors[f"{where}.value"] = _("phải từ 0 đến dưới %(limit)s",
                                         limit=format_decimal(MAX_VALUE))
        measured_at = _instant(r.get("measured_at"), f"{where}.measured_at", errors, latest)
        if not any(k.startswith(where) for k in errors):
            out.append({"parameter": parameter.strip().lower()[:40], "unit": (unit or "")[:20],
                        "value": to_decimal(value), "measured_at": measured_at})
    if errors:
        raise invalid(errors)
    return out


def _instant(raw, where, errors, latest):
    if raw in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        errors[where] = (_("thời điểm ISO 8601 có múi giờ"))
        return None
    moment = moment.astimezone(timezone.utc)
    if moment > latest:
        errors[where] = _("thời điểm trong tương lai")
    return moment
