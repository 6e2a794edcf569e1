"""What every workflow entity shares in the API: visibility, lists, transitions, history."""
from flask_babel import gettext as _
from flask import g, jsonify
from sqlalchemy import func, select

from models import AuditEntry, db
from workflows.engine.fire import fire
from workflows.permissions import can_view, visible

from ..clock import now
from .errors import not_found
from .input import json_object, query_int


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
    body = json_object(required=("trigger",), allowed=("trigger", "comment", "version", "data"))
    errors = {}
    if not isinstance(body["trigger"], str):
        errors["trigger"] = _("phải là chuỗi")
    if "version" in body and (not isinstance(body["version"], int)
                              or isinstance(body["version"], bool)):
        errors["version"] = _("phải là số nguyên")
    if not isinstance(body.get("comment", ""), (str, type(None))):
        errors["comment"] = _("phải là chuỗi")
    if not isinstance(body.get("data", {}), (dict, type(None))):
        errors["data"] = _("phải là đối tượng")
    if errors:
        from .errors import invalid

        raise invalid(errors)
    entity = load(model, entity_id, g.api_user)
    fire(db.session, entity, body["trigger"], g.api_user, comment=body.get("comment") or "",
         version=body.get("version"), data=body.get("data") or {}, now=now())
    return jsonify(serialize(entity, g.api_user, detail=True))


def history(model, entity_id):
    entity = load(model, entity_id, g.api_user)
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == entity.entity_type,
                                 AuditEntry.entity_id == entity.id).order_by(AuditEntry.id))
    return jsonify({"items": [r.to_dict() for r in rows]})
