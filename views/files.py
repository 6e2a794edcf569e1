"""A stored file as a response, the same for the pages and the API: its bytes from the
store (any host serves any file), its own content type, never sniffed by the browser."""
import io

from flask import abort, g, send_file
from flask_login import current_user

from models import db
from workflows.operations.accounts import record_download
from workflows.operations.evidence import attachment_content

from .clock import now


def send_attachment(attachment):
    content = attachment_content(db.session, attachment)
    if content is None:
        abort(404)
    reader = g.get("api_user") or current_user._get_current_object()
    if getattr(reader, "is_authenticated", False):
        record_download(db.session, reader, attachment, now())  # committed with the 200
    response = send_file(io.BytesIO(content), mimetype=attachment.content_type,
                         download_name=attachment.filename,
                         as_attachment=attachment.content_type == "application/pdf",
                         etag=attachment.sha256, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
