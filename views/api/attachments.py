"""Evidence files for other systems: a lab's system or an inspector's device uploads a
file (multipart field `file`) to an inspection, a violation or an obstacle, and anyone who
may see the entity downloads it back, under the same rules as the pages."""
from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import Attachment, Inspection, Obstacle, Violation, db
from workflows.operations.evidence import RECORDS, store_attachment

from ..clock import now
from ..files import send_attachment
from . import bp
from .entities import load
from .errors import ApiError, invalid, not_found

COLLECTIONS = {"inspections": Inspection, "obstacles": Obstacle, "violations": Violation}


def attachment_json(attachment: Attachment) -> dict:
    return {"id": attachment.id, "name": attachment.filename,
            "content_type": attachment.content_type, "size": attachment.size,
            "sha256": attachment.sha256, "created_at": attachment.created_at.isoformat(),
            "download_url": url_for("api.attachments_get", attachment_id=attachment.id)}


@bp.post("/<any(inspections, obstacles, violations):collection>/<int:entity_id>/attachments")
def attachments_create(collection, entity_id):
    entity = load(COLLECTIONS[collection], entity_id, g.api_user)
    upload = request.files.get("file")
    if upload is None:
        raise invalid({"file": _("gửi tệp trong trường multipart 'file'")})
    attachment = store_attachment(db.session, entity, g.api_user, upload, now(),
                                  current_app.config["UPLOAD_MAX_BYTES"])
    return attachment_json(attachment), 201


@bp.get("/<any(inspections, obstacles, violations):collection>/<int:entity_id>/attachments")
def attachments_list(collection, entity_id):
    entity = load(COLLECTIONS[collection], entity_id, g.api_user)
    rows = db.session.scalars(select(Attachment).where(
        Attachment.entity_type == entity.entity_type, Attachment.entity_id == entity.id)
        .order_by(Attachment.id))
    return jsonify({"items": [attachment_json(a) for a in rows]})


@bp.get("/attachments/<int:attachment_id>")
def attachments_get(attachment_id):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        raise not_found("attachment")
    try:
        load(RECORDS[attachment.entity_type], attachment.entity_id, g.api_user)
    except ApiError as exc:  # the entity's 404 would name it: say the file is not found
        raise not_found("attachment") from exc
    return send_attachment(attachment)
