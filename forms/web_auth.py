from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .base import AppForm


class LoginForm(AppForm):
    username = StringField("Tên đăng nhập / Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Mật khẩu / Password", validators=[DataRequired(), Length(max=200)])
