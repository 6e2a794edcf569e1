from flask_babel import lazy_gettext as _l, lazy_pgettext
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from models.inspections import INSPECTION_KINDS

from .clusters import DATE_FORMATS
from .base import AppForm


class InspectionForm(AppForm):
    cluster_id = IntegerField(lazy_pgettext("trường", "Cụm công nghiệp"), validators=[InputRequired()])
    kind = SelectField(_l("Loại kiểm tra"), choices=[(k, k) for k in INSPECTION_KINDS],
                       default="periodic")
    planned_date = DateField(_l("Ngày kiểm tra"), format=DATE_FORMATS,
                             validators=[DataRequired()])
    team = TextAreaField(_l("Đoàn kiểm tra"), validators=[Optional(), Length(max=2000)])
    decision_no = StringField(_l("Số quyết định"),
                              validators=[Optional(), Length(max=80)])
