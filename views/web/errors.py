"""Error pages (403, 404, 500 and the rest) in the app's layout, with a way back. The JSON
API answers its own errors in JSON (views/__init__.py)."""
from flask import render_template, request
from flask_babel import lazy_gettext as _l

TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    403: _l("Bạn không có quyền xem trang này"),
    404: _l("Không tìm thấy trang"),
    405: _l("Thao tác không được hỗ trợ ở địa chỉ này"),
    413: _l("Tệp hoặc dữ liệu gửi lên quá lớn"),
    500: _l("Hệ thống gặp lỗi"),
}
EXPLANATIONS = {
    403: _l("Hồ sơ này thuộc đơn vị khác hoặc vai trò của bạn không được xem. Nếu cần, hãy "
            "liên hệ quản trị viên."),
    404: _l("Địa chỉ không đúng hoặc hồ sơ không còn (hoặc bạn không được xem)."),
    500: _l("Thao tác chưa được ghi lại. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo quản "
            "trị viên thời điểm xảy ra."),
}


def error_page(exc):
    code = getattr(exc, "code", None) or 500
    referrer = request.referrer or ""
    back = referrer if referrer.startswith(request.host_url) and referrer != request.url \
        else None
    try:
        body = render_template("errors/error.html", code=code,
                               title=TITLES.get(code, TITLES[500] if code >= 500 else TITLES[400]),
                               explanation=EXPLANATIONS.get(code), back=back)
    except Exception:  # the layout itself failed (the database is down): plain words
        body = f"<!doctype html><title>{code}</title><p>{code}</p><p><a href='/'>CCN Hà Nội</a>"
    return body, code
