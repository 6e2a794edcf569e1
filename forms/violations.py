from flask_babel import lazy_gettext as _l, lazy_pgettext
from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .base import AppForm
from .clusters import DATE_FORMATS


class ViolationForm(AppForm):
    cluster_id = IntegerField(lazy_pgettext("trường", "Cụm công nghiệp"), validators=[InputRequired()])
    title = StringField(_l("Vi phạm"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=5000)])
    sampled_on = DateField(_l("Ngày lấy mẫu"), format=DATE_FORMATS,
                           validators=[Optional()])
