"""Log in and out (Flask-Login sessions; the JSON API uses bearer tokens instead)."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user

from forms.web_auth import LoginForm
from models import db

from ..clock import now
from .lockout import LoginRefused, authenticate

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(db.session, form.username.data, form.password.data, now())
        except LoginRefused as refused:
            flash(refused.message, "danger")
        else:
            login_user(user)
            session.setdefault("locale", user.locale or "vi")
            return redirect(safe_next(request.args.get("next")), code=303)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("auth.login"), code=303)


def safe_next(target: str | None) -> str:
    """Only a path on this site: ?next=https://elsewhere must not send a user away."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("home")
