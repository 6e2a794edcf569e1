"""WTForms' own messages ("This field is required.", "Not a valid date value.") through the
app's catalogue. WTForms ships no Vietnamese, so each English text it asks for is mapped to
a Vietnamese message id here, and translations/en gives WTForms' English back."""
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "Field must be equal to %(other_name)s.": _l("Phải trùng với %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Phải có ít nhất %(min)d ký tự."),
    "Field cannot be longer than %(max)d character.": _l("Không được dài quá %(max)d ký tự."),
    "Field must be exactly %(max)d character long.": _l("Phải có đúng %(max)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.":
        _l("Phải dài từ %(min)d đến %(max)d ký tự."),
    "Number must be at least %(min)s.": _l("Phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": _l("Không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Phải từ %(min)s đến %(max)s."),
    "This field is required.": _l("Trường này là bắt buộc."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
    "Invalid email address.": _l("Địa chỉ email không hợp lệ."),
    "Invalid URL.": _l("Địa chỉ URL không hợp lệ."),
    "Invalid value, must be one of: %(values)s.":
        _l("Giá trị không hợp lệ, phải là một trong: %(values)s."),
    "Invalid value, can't be any of: %(values)s.":
        _l("Giá trị không hợp lệ, không được là: %(values)s."),
    "This field cannot be edited.": _l("Trường này không được sửa."),
    "This field is disabled and cannot have a value.": _l("Trường này bị khóa, không nhận giá trị."),
    "Invalid CSRF Token.": _l("Mã bảo mật của biểu mẫu không hợp lệ."),
    "CSRF token missing.": _l("Thiếu mã bảo mật của biểu mẫu."),
    "CSRF failed.": _l("Kiểm tra bảo mật của biểu mẫu không đạt."),
    "CSRF token expired.": _l("Mã bảo mật của biểu mẫu đã hết hạn."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Not a valid choice.": _l("Không phải lựa chọn hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.":
        _l("Có lựa chọn không hợp lệ."),
    "'%(value)s' is not a valid choice for this field.":
        _l("'%(value)s' không phải lựa chọn hợp lệ."),
    "Not a valid datetime value.": _l("Ngày giờ không hợp lệ."),
    "Not a valid date value.": _l("Ngày không hợp lệ."),
    "Not a valid time value.": _l("Giờ không hợp lệ."),
    "Not a valid week value.": _l("Tuần không hợp lệ."),
    "Not a valid integer value.": _l("Phải là số nguyên."),
    "Not a valid decimal value.": _l("Phải là một số."),
    "Not a valid float value.": _l("Phải là số thực."),
}
# The plural forms WTForms asks for: Vietnamese has one form.
PLURALS = {
    "Field must be at least %(min)d characters long.":
        "Field must be at least %(min)d character long.",
    "Field cannot be longer than %(max)d characters.":
        "Field cannot be longer than %(max)d character.",
    "Field must be exactly %(max)d characters long.":
        "Field must be exactly %(max)d character long.",
    "'%(value)s' are not valid choices for this field.":
        "'%(value)s' is not a valid choice for this field.",
}


class Catalogue:
    """What a form's Meta.get_translations returns (the gettext/ngettext pair WTForms uses)."""

    def gettext(self, string: str) -> str:
        found = MESSAGES.get(PLURALS.get(string, string))
        return string if found is None else str(found)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular)


catalogue = Catalogue()
