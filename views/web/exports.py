"""Every list's page offers its rows as .xlsx or .csv, with the page's filters applied."""
from flask import Response, request, stream_with_context
from flask_login import current_user

from models import db
from workflows.operations.exports import export

from ..clock import today
from . import pages_blueprint
from .filters import lang

bp = pages_blueprint("exports", __name__, url_prefix="/exports")


@bp.get("/<any(clusters, inspections, violations, obstacles, deadlines, plan):name>"
        ".<any(xlsx, csv):fmt>")
def download(name, fmt):
    out = export(db.session, name, request.args, current_user, fmt, lang(), today())
    return spreadsheet_response(out)


def spreadsheet_response(out) -> Response:
    response = Response(stream_with_context(out.chunks), mimetype=out.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
