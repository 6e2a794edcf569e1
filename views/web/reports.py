"""The twice-yearly Circular 14/2024 reports (Biểu 01-04) and the cluster import, as pages."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.web_labels import TT14_FORMS
from models import db
from workflows.engine.errors import Invalid
from workflows.operations import storage
from workflows.operations.file_names import clean_file_name
from workflows.operations.imports.clusters import (COLUMNS, MAX_BYTES, ImportRefused, apply,
                                                   preview, template_csv)
from workflows.operations.reports.tt14 import FORMS
from workflows.operations.reports.tt14_files import report_file
from workflows.permissions import can_import_clusters, can_report_tt14

from ..clock import now, today
from . import pages_blueprint

bp = pages_blueprint("reports", __name__)


@bp.get("/reports/tt14")
def tt14():
    if not can_report_tt14(current_user):
        abort(403)
    page = dict(periods=_periods(today().year), chosen=request.args,
                # the forms the report knows, each by its name (one missing fails loudly)
                forms=[(number, TT14_FORMS[number]) for number in FORMS])
    if not request.args.get("period"):
        return render_template("papers/tt14.html", **page)
    try:
        content, mimetype, name = report_file(
            db.session, request.args.get("form", ""), request.args["period"],
            request.args.get("commune"), request.args.get("format", "xlsx"))
    except Invalid as exc:
        return render_template("papers/tt14.html", errors=exc.errors, **page), 422
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _periods(year: int) -> list[tuple[str, str]]:
    """The periods the page offers, latest first, as the Circular names them: the
    six-month report (H1) and the year's (H2)."""
    return [(f"{y}-H{h}", _("6 tháng năm %(year)s", year=y) if h == 1 else
             _("Năm %(year)s", year=y)) for y in (year, year - 1) for h in (2, 1)]


@bp.get("/imports/clusters/template.csv")
def import_template():
    return Response(template_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="mau-nhap-cum.csv"'})


@bp.route("/imports/clusters", methods=["GET", "POST"])
def import_clusters():
    """Upload -> preview (the file is kept by its hash) -> confirm writes it, or nothing."""
    if not can_import_clusters(current_user):
        abort(403)
    if request.method == "GET":
        return render_template("papers/import.html", columns=COLUMNS)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("papers/import.html", columns=COLUMNS,
                               file_error=_("Chọn tệp .xlsx hoặc .csv")), 422
    content = upload.stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return render_template("papers/import.html", columns=COLUMNS,
                               file_error=_("Tệp quá lớn (tối đa 5 MB)")), 422
    try:
        plan = preview(db.session, content, upload.filename, current_user)
    except Invalid as exc:
        return render_template("papers/import.html", columns=COLUMNS,
                               file_error=exc.errors.get("file")), 422
    digest = storage.store(db.session, content) if not plan.errors else None
    return render_template("papers/import.html", columns=COLUMNS, plan=plan, digest=digest,
                           filename=clean_file_name(upload.filename, "import"))


@bp.post("/imports/clusters/confirm")
def import_confirm():
    if not can_import_clusters(current_user):
        abort(403)
    content = storage.load(db.session, request.form.get("digest", ""))
    if content is None:  # the preview's copy is gone (or the page was altered): start over
        return render_template("papers/import.html", columns=COLUMNS,
                               file_error=_("Bản xem trước không còn, vui lòng chọn lại tệp")), 422
    try:
        plan = apply(db.session, content, request.form.get("filename", "import"),
                     current_user, now())
    except ImportRefused as exc:
        return render_template("papers/import.html", columns=COLUMNS, plan=exc.plan), 422
    flash(_("Đã nhập %(created)s cụm mới, cập nhật %(updated)s cụm.",
            created=len(plan.created), updated=len(plan.updated)), "success")
    return redirect(url_for("clusters.index"), code=303)
