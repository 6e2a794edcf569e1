"""Reading JSON bodies and query strings strictly: malformed JSON, wrong types and unknown
fields are a 4xx with a message, never a 500."""
import json
import math

from flask import request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField

from workflows.engine.fields import INT32_MAX, bad_characters

from .errors import ApiError, invalid

SCALARS = (str, int, float, type(None))
# A request body is a form's worth of data or a station's batch of readings, never more:
# 1 MiB and 32 levels of nesting bound what the parser and the validators walk.
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32


def _no_constants(name):
    raise ValueError(name)  # NaN, Infinity, -Infinity: not JSON, and no column holds them


def parse_json(text):
    """A JSON text's value, without NaN or Infinity; ValueError for anything else, a text
    nested too deep for the parser included."""
    try:
        return json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise ValueError("nested too deep") from None


def read_json():
    """The request's JSON value, bounded in size and depth, with no NaN or Infinity and no
    text a database cannot store (NUL, lone surrogates): a 4xx naming the problem, never
    a 500 from deep in the parser or the driver."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       _("Gửi dữ liệu JSON (Content-Type: application/json)"))
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise ApiError(413, "payload_too_large",
                       _("Dữ liệu quá lớn (tối đa %(kib)d KiB)", kib=MAX_JSON_BYTES // 1024))
    raw = request.stream.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise ApiError(413, "payload_too_large",
                       _("Dữ liệu quá lớn (tối đa %(kib)d KiB)", kib=MAX_JSON_BYTES // 1024))
    try:
        body = parse_json(raw)
    except ValueError:
        raise ApiError(400, "bad_request", _("JSON không hợp lệ")) from None
    problem = unstorable(body)
    if problem:
        raise invalid({problem[0]: problem[1]})
    return body


def unstorable(value):
    """(path, message) of the first value no column could hold, or None."""
    stack = [(value, "body", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return path, _("lồng quá sâu (tối đa %(depth)d cấp)", depth=MAX_JSON_DEPTH)
        if isinstance(item, str):
            if bad_characters(item):
                return path, _("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)")
        elif isinstance(item, float):
            if not math.isfinite(item):
                return path, _("số quá lớn")
        elif isinstance(item, dict):
            for key, sub in item.items():
                if bad_characters(key):
                    return path, _("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)")
                stack.append((sub, f"{key}" if path == "body" else f"{path}.{key}", depth + 1))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]", depth + 1) for i, sub in enumerate(item))
    return None


def check_request_args():
    """before_request: a path id beyond the id column's range names nothing (404); a
    query or path text a database cannot store is refused (422), as a body's would be."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not 0 <= value <= INT32_MAX:
            raise ApiError(404, "not_found", _("Không tìm thấy"))
        if isinstance(value, str) and bad_characters(value):
            raise ApiError(404, "not_found", _("Không tìm thấy"))
    errors = {name: _("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)")
              for name, value in request.args.items(multi=True)
              if bad_characters(name) or bad_characters(value)}
    if errors:
        raise invalid(errors)


def json_object(required=(), allowed=None) -> dict:
    body = read_json()
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", _("Cần một đối tượng JSON"))
    errors = {}
    if allowed is not None:
        errors.update({k: _("trường không được hỗ trợ")
                       for k in body if k not in allowed})
    errors.update({k: _("bắt buộc") for k in required if body.get(k) in (None, "")})
    if errors:
        raise invalid(errors)
    return body


def validated(form_cls, body: dict | None = None):
    """`body` (else the request's JSON object) read through `form_cls` and checked as the
    page's form is: a 422 names each wrong field."""
    form = form_cls.from_api(form_data(json_object() if body is None else body, form_cls))
    if not form.validate():
        raise invalid(form.error_map())
    return form


def form_data(body: dict, form_cls) -> MultiDict:
    """Flatten a JSON object into the form data a WTForms class reads (lists of objects
    become `name-0-field`), refusing unknown fields and values of the wrong JSON type."""
    errors, items = {}, []
    fields = form_cls.field_specs()
    for key, value in body.items():
        spec = fields.get(key)
        if isinstance(spec, dict):  # a list of sub-objects
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                errors[key] = _("phải là danh sách đối tượng")
                continue
            for i, sub in enumerate(value):
                for sub_key, sub_value in sub.items():
                    problem = _wrong_type(sub_value, spec.get(sub_key))
                    if problem:
                        errors[f"{key}[{i}].{sub_key}"] = problem
                    elif sub_value is not None:
                        items.append((f"{key}-{i}-{sub_key}", _text(sub_value)))
        elif _wrong_type(value, spec):
            errors[key] = _wrong_type(value, spec)
        elif value is not None:
            items.append((key, _text(value)))
    if errors:
        raise invalid(errors)
    return MultiDict(items)


def _wrong_type(value, field_class):
    """Why a JSON value cannot fill a field of this class (None: no such field), or None.
    A flag takes true or false (also as text), a text field only text: 12 is no username,
    "yes" no flag."""
    if field_class is None:
        return _("trường không được hỗ trợ")
    if issubclass(field_class, BooleanField):
        ok = value is None or isinstance(value, bool) or value in ("true", "false")
        return None if ok else _("phải là true hoặc false")
    if not isinstance(value, SCALARS) or isinstance(value, bool):
        return _("kiểu dữ liệu sai")
    if issubclass(field_class, StringField) and not isinstance(value, (str, type(None))):
        return _("phải là chuỗi")
    return None


def _text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def query_int(name, default, minimum=1, maximum=INT32_MAX) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw) if len(raw) <= 20 else None
        if value is None:
            raise ValueError(raw)
    except ValueError:
        raise invalid({name: _("phải là số nguyên")}) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise invalid({name: _("phải từ %(low)s đến %(high)s", low=minimum, high=maximum)})
    return value


def is_version(value) -> bool:
    """A record's version as JSON carries it: an integer (true and false are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def required_version(body: dict) -> int:
    """The version the caller read: the body's `version` or an `If-Match` header ("3",
    W/"3" or 3). Without one a write would be blind: 428. A stale one is the engine's 409."""
    if body.get("version") is not None:
        if not is_version(body["version"]):
            raise invalid({"version": _("phải là số nguyên")})
        return body["version"]
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise ApiError(428, "precondition_required",
                       _("Cần phiên bản hồ sơ đã đọc: trường version hoặc tiêu đề If-Match"))
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 9:
        raise invalid({"version": _("If-Match phải là số phiên bản")})
    return int(value)
