"""Uploading evidence to an entity and serving it back, only to those who may see it."""
from flask import abort, current_app, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from forms.web_attachments import EvidenceForm
from models import Attachment, db
from workflows.engine.errors import Invalid

from ..clock import now
from ..files import send_attachment
from . import pages_blueprint
from .entity_pages import detail_url, load_visible
from workflows.operations.evidence import RECORDS, store_attachment

bp = pages_blueprint("attachments", __name__)


@bp.post("/<any(cluster, inspection, obstacle, violation):entity_type>/<int:entity_id>/evidence")
def upload(entity_type, entity_id):
    entity = load_visible(RECORDS[entity_type], entity_id)
    form = EvidenceForm()
    if not form.validate_on_submit():
        return _refused(entity, form)
    try:
        store_attachment(db.session, entity, current_user, form.file.data, now(),
                         current_app.config["UPLOAD_MAX_BYTES"])
    except Invalid as exc:
        form.file.errors = [exc.errors["file"]]
        return _refused(entity, form)
    flash(_("Đã tải tệp lên"), "success")
    return redirect(detail_url(entity_type, entity_id) + "#evidence", code=303)


@bp.get("/attachments/<int:attachment_id>")
def download(attachment_id):
    attachment = db.session.get(Attachment, attachment_id) or abort(404)
    load_visible(RECORDS[attachment.entity_type], attachment.entity_id)
    return send_attachment(attachment)


def _refused(entity, form):
    """The upload form again, with the reason beside the file field."""
    return render_template("shared/upload.html", entity=entity, form=form,
                           back=detail_url(entity.entity_type, entity.id)), 422
