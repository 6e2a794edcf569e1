"""The web pages for inspectors, investors and managers: thin blueprints over workflows/,
the same permission predicates as the JSON API, one commit per request (views.transaction)."""
from importlib import import_module

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _, lazy_gettext as _l, refresh
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError

from extensions import login_manager
from models import db
from workflows import permissions
from workflows.engine.errors import Invalid, WorkflowError
from workflows.operations.accounts import session_user

from ..transaction import back_url, roll_back_request
from . import filters

# Each module's blueprint, in the order the menu reads.
BLUEPRINT_MODULES = (
    "auth", "i18n", "accounts",
    "dashboard", "plan", "clusters", "plants", "inspections", "violations", "obstacles",
    "deadlines", "evaluations", "attachments", "documents", "verify", "exports", "reports",
    "notifications", "calendar_feeds",
)


def register_web(app):
    @login_manager.user_loader
    def load_user(session_id):
        # Read afresh on every request: a logout elsewhere, a password change, a deactivation
        # of the user or its organization or a role change holds from the next request.
        return session_user(db.session, session_id)

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập")
    login_manager.localize_callback = str  # the lazy text in the request's language
    login_manager.login_message_category = "info"
    filters.init_app(app)
    # The templates ask the same predicates as the routes, so a button never leads to a 403.
    app.jinja_env.globals.update({name: getattr(permissions, name) for name in dir(permissions)
                                  if name.startswith(("can_", "sees_"))})
    # Flask-Babel caches the locale on the app context; a request made inside an outer
    # context (the tests' `db` fixture, a CLI command) would keep the previous choice.
    app.before_request(refresh)
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)

    @app.get("/")
    def home():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        if current_user.role in permissions.MANAGERS:  # each role starts where its work is
            return redirect(url_for("dashboard.index"))
        if not permissions.sees_everything(current_user):
            return redirect(url_for("violations.index"))
        return redirect(url_for("inspections.index"))

    @app.errorhandler(CSRFError)
    def session_expired(exc):
        # An old tab or an expired session: say so and go back, rather than a bare 400.
        roll_back_request()
        flash(_("Phiên làm việc đã hết hạn, vui lòng thực hiện lại"), "warning")
        return redirect(back_url(), code=303)
    # The security headers (CSP, nosniff, Referrer-Policy, HSTS) are set on every response
    # by views/web/auth.py.


def pages_blueprint(name, import_name, **kw):
    """A blueprint whose pages need a logged-in user and answer a refused operation
    with a flash message instead of an error page."""
    bp = Blueprint(name, import_name, **kw)
    bp.before_request(_require_login)

    @bp.errorhandler(WorkflowError)
    def refused(exc):
        # A redirect would commit: keep nothing the refused operation left in the session.
        roll_back_request()
        if isinstance(exc, Invalid):  # each field by its label, never its code
            message = "; ".join(f"{filters.field_label(k)}: {v}" for k, v in exc.errors.items())
        else:
            message = str(exc.message)
        flash(message, "danger")
        return redirect(back_url(), code=303)

    return bp


@login_required
def _require_login():
    return None
