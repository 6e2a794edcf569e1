"""Spreadsheets for other systems: every list endpoint answers `format=xlsx|csv` with the
same filters as its JSON; the Circular 14/2024 reports; the cluster import."""
from flask import g, request

from models import db
from workflows.engine.errors import Invalid
from workflows.operations.exports import export

from ..clock import today
from ..web.exports import spreadsheet_response
from . import bp

LIST_ENDPOINTS = {"api.clusters_list": "clusters", "api.inspections_list": "inspections",
                  "api.violations_list": "violations", "api.deadlines_list": "deadlines",
                  "api.plan_progress": "plan"}


@bp.before_request
def list_as_spreadsheet():
    """Runs after authentication (registered after it): a list asked for as a spreadsheet
    is answered here, under the caller's visibility, with the list's own filters."""
    fmt = request.args.get("format")
    if fmt is None or request.method != "GET" or request.endpoint not in LIST_ENDPOINTS:
        return None
    if fmt not in ("xlsx", "csv", "json"):
        raise Invalid({"format": "json | xlsx | csv"})
    if fmt == "json":
        return None
    lang = "en" if request.args.get("lang") == "en" else "vi"
    return spreadsheet_response(export(db.session, LIST_ENDPOINTS[request.endpoint],
                                       request.args, g.api_user, fmt, lang, today()))
