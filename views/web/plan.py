"""A year's plan targets, entered and corrected by the department (managers)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forms.plan_targets import PlanTargetEditForm, PlanTargetForm
from models import PlanTarget, db
from workflows.engine.errors import Invalid
from workflows.operations.plan_targets import copy_year, create_target, update_target
from workflows.permissions import can_manage_plan

from ..clock import now, today
from . import pages_blueprint

bp = pages_blueprint("plan", __name__, url_prefix="/plan")


@bp.before_request
def managers_only():
    if not can_manage_plan(current_user):
        abort(403)


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else today().year + 1


@bp.route("/targets", methods=["GET", "POST"])
def targets():
    """The year's targets and a form for one more; without ?year= next year's plan."""
    year = _year()
    form = PlanTargetForm(year=year)
    if form.validate_on_submit():
        try:
            create_target(db.session, current_user, now(), **form.target_values())
        except Invalid as exc:
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu chỉ tiêu"), "success")
            return redirect(url_for("plan.targets", year=form.year.data), code=303)
    rows = db.session.scalars(select(PlanTarget).where(PlanTarget.year == year)
                              .order_by(PlanTarget.id)).all()
    return render_template("plan/targets.html", year=year, rows=rows,
                           form=form), 422 if form.errors else 200


@bp.post("/targets/copy")
def copy():
    year = _year()
    created = copy_year(db.session, current_user, now(), year - 1, year)
    flash(_("Đã sao chép %(n)s chỉ tiêu từ năm %(y)s", n=len(created), y=year - 1), "success")
    return redirect(url_for("plan.targets", year=year), code=303)


@bp.route("/targets/<int:target_id>/edit", methods=["GET", "POST"])
def edit(target_id):
    target = db.session.get(PlanTarget, target_id) or abort(404)
    form = PlanTargetEditForm(obj=target)
    if form.validate_on_submit():
        try:
            update_target(db.session, target, current_user, now(), version=form.version.data,
                          **form.target_values(editing=True))
        except Invalid as exc:
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu chỉ tiêu"), "success")
            return redirect(url_for("plan.targets", year=target.year), code=303)
    return render_template("plan/edit.html", target=target, form=form), \
        422 if form.errors or form.form_errors else 200

