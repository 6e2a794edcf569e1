"""One commit per request, made here and never inside an operation: a response under 400
commits the request's work; anything else rolls it back, so a refused request leaves no
trace. Notifications queued in the outbox are sent by the scheduler after this commit."""
from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from models import db


def init_app(app):
    @app.after_request
    def commit_or_rollback(response):
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except (StaleDataError, IntegrityError, OperationalError) as exc:
            db.session.rollback()
            current_app.logger.warning("commit refused: %s", exc)
            from .api.errors import json_error

            return json_error(409, "conflict",
                              "Dữ liệu vừa bị thay đổi, vui lòng thử lại / "
                              "the data changed at the same time; reload and try again")
        return response
