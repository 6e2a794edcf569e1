"""JSON errors for the API: every failure is {error, message} (plus {errors} on 422),
never an HTML page and never a 500 for bad input."""
from flask_babel import gettext as _
from flask import jsonify
from werkzeug.exceptions import HTTPException

from workflows.engine.errors import Invalid, WorkflowError


class ApiError(Exception):
    def __init__(self, status, error, message, errors=None):
        super().__init__(message)
        self.status, self.error, self.message, self.errors = status, error, message, errors


def json_error(status, error, message, errors=None):
    body = {"error": error, "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    return response


def init_api_errors(bp):
    @bp.errorhandler(ApiError)
    def api_error(exc):
        return json_error(exc.status, exc.error, exc.message, exc.errors)

    @bp.errorhandler(WorkflowError)
    def workflow_error(exc):
        errors = exc.errors if isinstance(exc, Invalid) else None
        return json_error(exc.status, exc.code, exc.message, errors)

    @bp.errorhandler(HTTPException)
    def http_error(exc):
        return json_error(exc.code, exc.name.lower().replace(" ", "_"), exc.description)


def not_found(what="resource"):
    return ApiError(404, "not_found", _("Không tìm thấy (%(what)s)", what=what))


def invalid(errors: dict):
    return ApiError(422, "invalid", _("Dữ liệu không hợp lệ"), errors)
