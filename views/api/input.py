"""Reading JSON bodies and query strings strictly: malformed JSON, wrong types and unknown
fields are a 4xx with a message, never a 500."""
from flask import request
from werkzeug.datastructures import MultiDict

from .errors import ApiError, invalid

SCALARS = (str, int, float, type(None))


def json_object(required=(), allowed=None) -> dict:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Gửi dữ liệu JSON (Content-Type: application/json) / send a JSON body")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "bad_request", "JSON không hợp lệ / malformed JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Cần một đối tượng JSON / the body must be a JSON object")
    errors = {}
    if allowed is not None:
        errors.update({k: "trường không được hỗ trợ / unknown field"
                       for k in body if k not in allowed})
    errors.update({k: "bắt buộc / required" for k in required if body.get(k) in (None, "")})
    if errors:
        raise invalid(errors)
    return body


def form_data(body: dict, form_cls) -> MultiDict:
    """Flatten a JSON object into the form data a WTForms class reads (lists of objects
    become `name-0-field`), refusing unknown fields and non-scalar values."""
    errors, items = {}, []
    fields = form_cls.field_specs()
    for key, value in body.items():
        spec = fields.get(key)
        if key not in fields:
            errors[key] = "trường không được hỗ trợ / unknown field"
        elif isinstance(spec, dict):  # a list of sub-objects
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                errors[key] = "phải là danh sách đối tượng / must be a list of objects"
                continue
            for i, sub in enumerate(value):
                for sub_key, sub_value in sub.items():
                    path = f"{key}[{i}].{sub_key}"
                    if sub_key not in spec:
                        errors[path] = "trường không được hỗ trợ / unknown field"
                    elif not _scalar(sub_value):
                        errors[path] = "kiểu dữ liệu sai / wrong type"
                    elif sub_value is not None:
                        items.append((f"{key}-{i}-{sub_key}", str(sub_value)))
        elif not _scalar(value):
            errors[key] = "kiểu dữ liệu sai / wrong type"
        elif value is not None:
            items.append((key, str(value)))
    if errors:
        raise invalid(errors)
    return MultiDict(items)


def _scalar(value) -> bool:
    return isinstance(value, SCALARS) and not isinstance(value, bool)


def query_int(name, default, minimum=1, maximum=None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid({name: "phải là số nguyên / must be a whole number"}) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise invalid({name: f"phải từ {minimum} đến {maximum} / must be {minimum}..{maximum}"})
    return value
