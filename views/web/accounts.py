"""Accounts in the browser: every user's profile, password change and API tokens; the
administrators' users and organizations. The rules are workflows/operations/accounts.py
and workflows/permissions.py; these routes load, check, validate and make one call."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from forms.accounts import OrganizationForm, PasswordForm, UserForm
from forms.web_labels import ORGANIZATION_KINDS
from models import Organization, User, db
from models.organizations import KNOWN_KINDS
from workflows.engine.errors import Invalid
from workflows.engine.language import pick
from workflows.operations import accounts
from workflows.operations.organizations import save_organization
from workflows.permissions import can_manage_accounts

from ..clock import now
from ..limits import hit_account
from . import pages_blueprint

bp = pages_blueprint("accounts", __name__)


@bp.get("/account")
def profile():
    return render_template("accounts/profile.html", user=current_user,
                           tokens=accounts.own_tokens(db.session, current_user))


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        hit_account(f"#{current_user.id}")
        user = current_user._get_current_object()
        try:
            accounts.change_password(db.session, user, now(), current=form.current_password.data,
                                     new=form.new_password.data)
        except Invalid as exc:
            form.add_errors(exc.errors)
        else:
            db.session.refresh(user)
            login_user(user)  # this session goes on with the new session version
            flash(_("Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc"), "success")
            return redirect(url_for("accounts.profile"), code=303)
    status = 422 if form.errors else 200
    return render_template("accounts/password.html", form=form), status


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_token(token_id):
    if not accounts.revoke_token(db.session, current_user, token_id, now()):
        abort(404)
    flash(_("Đã thu hồi mã truy cập"), "success")
    return redirect(url_for("accounts.profile"), code=303)


# The administrators' pages ------------------------------------------------------------------

@bp.before_request
def admins_only():
    if request.endpoint and request.endpoint.startswith("accounts.admin_") and \
            current_user.is_authenticated and not can_manage_accounts(current_user):
        abort(403)


def _organizations():
    return list(db.session.scalars(select(Organization).order_by(Organization.code)))


def _user_form(user=None):
    form = UserForm(obj=user)
    form.organization_id.choices = [(o.id, f"{o.code} · {pick(o, 'name')}")
                                    for o in _organizations()]
    return form


@bp.get("/accounts/users")
def admin_users():
    users = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("accounts/users.html", users=users)


@bp.route("/accounts/users/new", methods=["GET", "POST"])
def admin_new_user():
    form = _user_form()
    if form.validate_on_submit():
        try:
            user, temporary = accounts.create_user(
                db.session, current_user, now(), username=form.username.data,
                role=form.role.data, full_name=form.full_name.data, email=form.email.data,
                organization=db.session.get(Organization, form.organization_id.data))
        except Invalid as exc:
            form.add_errors(exc.errors)
        else:
            return render_template("accounts/temporary.html", user=user, password=temporary)
    return render_template("accounts/user_form.html", form=form, user=None), \
        422 if form.errors else 200


@bp.route("/accounts/users/<int:user_id>", methods=["GET", "POST"])
def admin_user(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            accounts.update_user(db.session, current_user, user, now(), role=form.role.data,
                                 organization=db.session.get(Organization,
                                                             form.organization_id.data),
                                 active=form.active.data, full_name=form.full_name.data,
                                 email=form.email.data or None)
        except Invalid as exc:
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu tài khoản %(name)s", name=user.username), "success")
            return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)
    return render_template("accounts/user_form.html", form=form, user=user,
                           locked=accounts.is_locked(user, now())), 422 if form.errors else 200


@bp.post("/accounts/users/<int:user_id>/unlock")
def admin_unlock(user_id):
    user = db.session.get(User, user_id) or abort(404)
    accounts.unlock(db.session, current_user, user, now())
    flash(_("Đã mở khóa tài khoản %(name)s", name=user.username), "success")
    return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)


@bp.post("/accounts/users/<int:user_id>/reset-password")
def admin_reset_password(user_id):
    user = db.session.get(User, user_id) or abort(404)
    temporary = accounts.reset_password(db.session, current_user, user, now())
    return render_template("accounts/temporary.html", user=user, password=temporary)


def _org_form(org=None):
    form = OrganizationForm(obj=org)
    if org is not None:
        del form.code  # an organization keeps its code: the edit page neither shows nor reads it
    others = _organizations()
    form.kind.choices = [(k, ORGANIZATION_KINDS.get(k, k))
                         for k in sorted(set(KNOWN_KINDS) | {o.kind for o in others})]
    form.parent_id.choices = [(0, "—")] + [(o.id, f"{o.code} · {pick(o, 'name')}")
                                           for o in others if org is None or o.id != org.id]
    if org is not None and request.method == "GET":
        form.parent_id.data = org.parent_id or 0
    return form


@bp.get("/accounts/organizations")
def admin_organizations():
    return render_template("accounts/organizations.html", organizations=_organizations())


@bp.route("/accounts/organizations/new", methods=["GET", "POST"])
@bp.route("/accounts/organizations/<int:org_id>", methods=["GET", "POST"])
def admin_organization(org_id=None):
    org = None if org_id is None else (db.session.get(Organization, org_id) or abort(404))
    form = _org_form(org)
    if form.validate_on_submit():
        try:
            saved, _changes = save_organization(
                db.session, current_user, now(), code=org.code if org else form.code.data,
                create=org is None, name_vi=form.name_vi.data, name_en=form.name_en.data or "",
                kind=form.kind.data, email=form.email.data or None,
                parent_id=form.parent_id.data or None, active=form.active.data)
        except Invalid as exc:
            form.add_errors(exc.errors)
        else:
            flash(_("Đã lưu tổ chức %(code)s", code=saved.code), "success")
            return redirect(url_for("accounts.admin_organization", org_id=saved.id), code=303)
    return render_template("accounts/organization_form.html", form=form, org=org), \
        422 if form.errors else 200
