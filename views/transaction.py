"""One commit per request, made here and never inside an operation: a response under 400
commits the request's work; anything else rolls it back, as does a request an error handler
answered with a page of its own (roll_back_request: a refused action shown as a message and
a redirect), so a refused request leaves no trace. Notifications queued in the outbox are
sent by the scheduler after this commit."""
from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from models import db

CONFLICT = (_l("Dữ liệu vừa bị người khác thay đổi, vui lòng tải lại và thử lại"))


def roll_back_request() -> None:
    """Keep nothing of this request, whatever its response's status."""
    g.roll_back_request = True


def keep_refusal() -> None:
    """Commit this request's work although it answers with an error: a refused login's
    failure count and audit row must outlive the 401."""
    g.keep_refusal = True


def init_app(app):
    @app.after_request
    def commit_or_rollback(response):
        # Popped, not read: the tests run several requests in one app context (and g).
        keep = g.pop("keep_refusal", False)
        if g.pop("roll_back_request", False) or (response.status_code >= 400 and not keep):
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except (StaleDataError, IntegrityError, OperationalError) as exc:
            # A concurrent writer got there first (or the database is busy): nothing of
            # this request was kept, and the user is told so, never silently overwritten.
            db.session.rollback()
            current_app.logger.warning("commit refused: %s", exc)
            return conflict_response()
        return response


def conflict_response():
    if request.path.startswith("/api/"):
        # Here, not at the top: the API package loads its routes, and its login route
        # imports this module.
        from .api.errors import json_error

        return json_error(409, "conflict", CONFLICT)
    flash(str(CONFLICT), "danger")
    return redirect(back_url(), code=303)


def back_url() -> str:
    """Where a refused form goes back to: the page it came from (on this site only), else
    the entity's page, else home."""
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return referrer
    ids = {k: v for k, v in (request.view_args or {}).items() if k.endswith("_id")}
    if request.blueprint and len(ids) == 1 and f"{request.blueprint}.detail" in \
            current_app.view_functions:
        return url_for(f"{request.blueprint}.detail", **ids)
    return url_for("home")
