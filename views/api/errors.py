"""JSON errors for the API: every failure is {error, message} (plus {errors} on 422),
never an HTML page and never a 500 for bad input."""
from flask import jsonify
from flask_babel import gettext as _, lazy_gettext as _l
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
        return http_json_error(exc)


# Werkzeug's own descriptions are English sentences for developers; a caller reads these,
# in its language (Accept-Language), unless the code that refused gave its own words.
HTTP_MESSAGES = {
    400: _l("Yêu cầu không hợp lệ"),
    401: _l("Cần đăng nhập hoặc mã truy cập"),
    403: _l("Không có quyền thực hiện"),
    404: _l("Không tìm thấy"),
    405: _l("Phương thức không được hỗ trợ ở địa chỉ này"),
    413: _l("Dữ liệu gửi lên quá lớn"),
    415: _l("Kiểu dữ liệu gửi lên không được hỗ trợ"),
    429: _l("Quá nhiều yêu cầu, vui lòng thử lại sau"),
    500: _l("Hệ thống gặp lỗi"),
}


def http_json_error(exc):
    own = exc.description if exc.description != type(exc).description else None
    message = own or str(HTTP_MESSAGES.get(exc.code, HTTP_MESSAGES[500 if (exc.code or 500) >= 500
                                                                   else 400]))
    return json_error(exc.code, exc.name.lower().replace(" ", "_"), message)


def not_found(what="resource"):
    return ApiError(404, "not_found", _("Không tìm thấy (%(what)s)", what=what))


def invalid(errors: dict):
    return ApiError(422, "invalid", _("Dữ liệu không hợp lệ"), errors)
