"""Accounts: a user's own password change, and the administrator's user and organization
forms. Choices (organizations, kinds) are filled by the page's view."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional

from .base import AppForm

ROLE_CHOICES = [("admin", _l("Quản trị")), ("manager", _l("Lãnh đạo / quản lý")),
                ("inspector", _l("Thanh tra / kiểm tra")), ("investor", _l("Chủ đầu tư"))]


class PasswordForm(AppForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"),
                                     validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("Hai mật khẩu không khớp"))])


class UserForm(AppForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("Thư điện tử"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES, validators=[DataRequired()])
    organization_id = SelectField(_l("Tổ chức"), coerce=int, choices=[])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class OrganizationForm(AppForm):
    code = StringField(_l("Mã"), validators=[DataRequired(), Length(max=40)])
    name_vi = StringField(_l("Tên (tiếng Việt)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Tên (tiếng Anh)"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Loại"), choices=[])
    email = StringField(_l("Thư điện tử"), validators=[Optional(), Length(max=200)])
    parent_id = SelectField(_l("Tổ chức cấp trên"), coerce=int, choices=[])
    active = BooleanField(_l("Đang hoạt động"), default=True)


# The API's forms: the page's, less what a program does not send (a field set to None is
# not in the form). An organization is named by its id and a kind by its text, with no list
# of choices: the operations refuse what does not exist or fit, and a new kind is data.

class ApiPasswordForm(PasswordForm):
    confirm = None  # the new password is sent once


class ApiNewUserForm(UserForm):
    """With a first password, or without for a temporary one; a new user is active."""
    # InputRequired, not DataRequired: an id that is no integer keeps the field's own error.
    organization_id = IntegerField(_l("Tổ chức"), validators=[InputRequired()])
    password = PasswordField(_l("Mật khẩu"), validators=[Optional(), Length(max=200)])
    active = None


class ApiUserForm(UserForm):
    username = None  # a user keeps the name it logs in with
    organization_id = IntegerField(_l("Tổ chức"), validators=[Optional()])


class ApiNewOrganizationForm(OrganizationForm):
    kind = StringField(_l("Loại"), validators=[DataRequired(), Length(max=40)])
    parent_id = IntegerField(_l("Tổ chức cấp trên"), validators=[Optional()])


class ApiOrganizationForm(ApiNewOrganizationForm):
    code = None  # an organization keeps its code
