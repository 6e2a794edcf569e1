"""What every workflow entity shares in the API: visibility, lists, transitions, history."""
from flask_babel import gettext as _
from flask import current_app, g, jsonify, request
from sqlalchemy import func, select

from models import AuditEntry, db
from workflows.engine.fields import bad_characters
from workflows.operations.actions import fire_with_files
from workflows.permissions import can_view, visible

from ..clock import now
from .errors import invalid, not_found
from .input import (is_version, json_object, parse_json, query_int, required_version,
                    unstorable)


def load(model, entity_id, user):
    entity = db.session.get(model, entity_id)
    if entity is None or not can_view(user, entity):
        raise not_found(model.entity_type)  # an entity the caller may not see does not exist
    return entity


def page(query, model, user, serialize, filters):
    query = visible(query, model, user)
    for column, value in filters:
        query = query.where(column == value)
    per_page = query_int("per_page", 50, 1, 200)
    page_no = query_int("page", 1, 1, 100000)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.order_by(model.id).limit(per_page)
                              .offset((page_no - 1) * per_page)).unique().all()
    return jsonify({"items": [serialize(r, g.api_user) for r in rows], "total": total,
                    "page": page_no, "per_page": per_page})


def transition(model, entity_id, serialize):
    """A JSON body, or a multipart one carrying the action's proof files (`file`, repeated)
    with `trigger`, `comment`, `version` and `data` (a JSON object) as form fields."""
    uploads = []
    if request.mimetype == "multipart/form-data":
        body, uploads = multipart_body()
    else:
        body = json_object(required=("trigger",),
                           allowed=("trigger", "comment", "version", "data"))
    errors = {}
    if not isinstance(body["trigger"], str):
        errors["trigger"] = _("phải là chuỗi")
    if "version" in body and not is_version(body["version"]):
        errors["version"] = _("phải là số nguyên")
    if not isinstance(body.get("comment", ""), (str, type(None))):
        errors["comment"] = _("phải là chuỗi")
    if not isinstance(body.get("data", {}), (dict, type(None))):
        errors["data"] = _("phải là đối tượng")
    if errors:
        raise invalid(errors)
    entity = load(model, entity_id, g.api_user)
    fire_with_files(db.session, entity, body["trigger"], g.api_user, uploads=uploads,
                    comment=body.get("comment") or "", version=required_version(body),
                    data=body.get("data") or {}, now=now(),
                    max_bytes=current_app.config["UPLOAD_MAX_BYTES"])
    return jsonify(serialize(entity, g.api_user, detail=True))


def multipart_body() -> tuple[dict, list]:
    """(body, uploads) of a multipart transition, its texts held to the JSON body's rules."""
    form = request.form
    errors = {name: _("chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)")
              for name, value in form.items(multi=True) if bad_characters(value)}
    unknown = set(form) - {"trigger", "comment", "version", "data"}
    errors.update({name: _("trường không được hỗ trợ") for name in unknown})
    if not form.get("trigger"):
        errors["trigger"] = _("bắt buộc")
    body = {k: form[k] for k in ("trigger", "comment") if k in form}
    if form.get("version"):
        body["version"] = int(form["version"]) if form["version"].isdigit() and \
            len(form["version"]) < 10 else form["version"]
    if form.get("data"):
        try:
            body["data"] = parse_json(form["data"])
        except ValueError:
            errors["data"] = _("phải là đối tượng")
        else:
            problem = unstorable(body["data"])
            if problem:
                errors[f"data.{problem[0]}"] = problem[1]
    if errors:
        raise invalid(errors)
    return body, request.files.getlist("file")


def history(model, entity_id):
    entity = load(model, entity_id, g.api_user)
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == entity.entity_type,
                                 AuditEntry.entity_id == entity.id).order_by(AuditEntry.seq))
    return jsonify({"items": [r.to_dict() for r in rows]})
