"""A stored file as a response, the same for the pages and the API: its bytes from the
store (any host serves any file), its own content type, never sniffed by the browser."""
import io

from flask import abort, send_file

from models import db
from workflows.operations.evidence import attachment_content


def send_attachment(attachment):
    content = attachment_content(db.session, attachment)
    if content is None:
        abort(404)
    response = send_file(io.BytesIO(content), mimetype=attachment.content_type,
                         download_name=attachment.filename,
                         as_attachment=attachment.content_type == "application/pdf",
                         etag=attachment.sha256, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
