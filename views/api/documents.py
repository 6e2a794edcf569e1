"""The papers of an inspection or a violation, for other systems: list them, draw one up."""
from flask import g, jsonify, url_for

from models import Inspection, Violation, db
from workflows.operations.papers import draw_up, papers_of

from ..clock import now
from ..web.documents import public_url
from . import bp
from .entities import load
from .input import json_object

COLLECTIONS = {"inspections": Inspection, "violations": Violation}
FORMAT_OF = {"application/pdf": "pdf"}


def document_json(attachment) -> dict:
    return {"id": attachment.id, "kind": attachment.kind, "number": attachment.number,
            "format": FORMAT_OF.get(attachment.content_type, "docx"),
            "sha256": attachment.sha256, "verify_hash": attachment.verify_hash,
            "created_at": attachment.created_at.isoformat(),
            "download_url": url_for("api.attachments_get", attachment_id=attachment.id),
            "verify_url": url_for("verify.page", digest=attachment.verify_hash,
                                  _external=True)}


@bp.get("/<any(inspections, violations):collection>/<int:entity_id>/documents")
def documents_list(collection, entity_id):
    entity = load(COLLECTIONS[collection], entity_id, g.api_user)
    return jsonify({"items": [document_json(a) for a in papers_of(db.session, entity)]})


@bp.post("/<any(inspections, violations):collection>/<int:entity_id>/documents")
def documents_create(collection, entity_id):
    body = json_object(required=("kind", "format"), allowed=("kind", "format"))
    entity = load(COLLECTIONS[collection], entity_id, g.api_user)
    attachment = draw_up(db.session, entity, str(body["kind"]), str(body["format"]),
                         g.api_user, now(), public_url())
    return jsonify(document_json(attachment)), 201
