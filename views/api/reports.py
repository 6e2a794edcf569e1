"""Spreadsheets for other systems: every list endpoint answers `format=xlsx|csv` with the
same filters as its JSON; the Circular 14/2024 reports; the cluster import."""
from flask import Response, g, jsonify, request
from flask_babel import gettext as _

from models import db
from workflows.engine.errors import Invalid
from workflows.operations.exports import export
from workflows.operations.imports.clusters import MAX_BYTES, ImportRefused, apply, preview
from workflows.operations.reports.tt14_files import report_file
from workflows.permissions import can_report_tt14

from ..clock import now, today
from ..web.exports import spreadsheet_response
from . import bp
from .errors import ApiError

LIST_ENDPOINTS = {"api.clusters_list": "clusters", "api.inspections_list": "inspections",
                  "api.violations_list": "violations", "api.obstacles_list": "obstacles",
                  "api.deadlines_list": "deadlines", "api.plan_progress": "plan"}


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


@bp.get("/reports/tt14")
def reports_tt14():
    if not can_report_tt14(g.api_user):
        raise ApiError(403, "forbidden", _("Chỉ cán bộ được lập báo cáo"))
    content, mimetype, name = report_file(
        db.session, request.args.get("form", ""), request.args.get("period", ""),
        request.args.get("commune"), request.args.get("format", "xlsx"))
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/imports/clusters")
def imports_clusters():
    upload = request.files.get("file")
    if upload is None:
        raise Invalid({"file": _("gửi tệp trong trường multipart 'file'")})
    content = upload.stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise Invalid({"file": _("Tệp quá lớn (tối đa 5 MB)")})
    name = upload.filename or "import"
    if request.args.get("dry_run") == "true":
        return jsonify(preview(db.session, content, name, g.api_user).to_dict())
    try:
        plan = apply(db.session, content, name, g.api_user, now())
    except ImportRefused as exc:  # a 422: the request wrapper keeps nothing of it
        return jsonify({"error": "invalid", "message": _(
            "Tệp có lỗi: chưa ghi dòng nào. Sửa các lỗi dưới đây rồi tải lại."),
            **exc.plan.to_dict()}), 422
    return jsonify(plan.to_dict()), 201
