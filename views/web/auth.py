"""Log in and out (Flask-Login sessions; the JSON API uses bearer tokens instead). The
authentication itself is workflows/operations/accounts.py, shared with POST /api/v1/tokens.
Every page's session also ends here when it has been idle too long, and every response gets
the security headers."""
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_login import current_user, login_required, login_user, logout_user

from forms.web_auth import LoginForm
from models import db
from workflows.operations import accounts

from ..clock import now
from ..limits import hit_account

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        hit_account(form.username.data)
        try:
            user = accounts.authenticate(db.session, form.username.data, form.password.data,
                                         now(), channel="web", address=request.remote_addr)
        except accounts.LoginRefused as refused:
            flash(str(refused.message), "danger")
        else:
            start_session(user)
            session.setdefault("locale", user.locale or "vi")
            if user.must_change_password:
                return redirect(url_for("accounts.password"), code=303)
            return redirect(safe_next(request.args.get("next")), code=303)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    accounts.logout(db.session, current_user._get_current_object(), now())
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"), code=303)


def start_session(user) -> None:
    """A fresh session for `user` (its id and session version), nothing kept from before
    but the language: the one chosen on this browser, else the one the user last chose."""
    locale = session.get("locale") or (user.locale if user.locale in ("vi", "en") else None)
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    session["seen"] = now().timestamp()


@bp.before_app_request
def end_idle_sessions():
    """A session unused for SESSION_IDLE_MINUTES ends: the next page asks for a login."""
    # The user is loaded afresh for each request, even one made inside an outer app context
    # (the tests', a CLI's), whose `g` would otherwise hand over the previous request's user.
    g.pop("_login_user", None)
    if "_user_id" not in session or request.path.startswith(("/api/", "/static/")):
        return None
    minutes = current_app.config.get("SESSION_IDLE_MINUTES", 0)
    seen, moment = session.get("seen"), now().timestamp()
    if minutes and (seen is None or moment - seen > minutes * 60):
        logout_user()
        session.clear()
        return None
    if seen is None or moment - seen > 30:  # a write per half minute, not per request
        session["seen"] = moment
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in PASSWORD_PAGES):
        return redirect(url_for("accounts.password"))
    return None


# The pages a user who must change their password may still open.
PASSWORD_PAGES = {"accounts.password", "auth.logout", "auth.login", "static", "i18n.switch"}


@bp.after_app_request
def security_headers(response):
    """On every response, pages, JSON and files alike."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    # The app runs with no internet: nothing on a page may load from elsewhere.
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'")
    if current_app.config.get("ENV_NAME") == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def safe_next(target: str | None) -> str:
    """Only a path on this site: ?next=https://elsewhere must not send a user away."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("home")
