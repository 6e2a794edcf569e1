from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from models.inspections import INSPECTION_KINDS

from .clusters import DATE_FORMATS
from .base import AppForm


class InspectionForm(AppForm):
    cluster_id = IntegerField("Cụm công nghiệp / Cluster", validators=[DataRequired()])
    kind = SelectField("Loại kiểm tra / Kind", choices=[(k, k) for k in INSPECTION_KINDS],
                       default="periodic")
    planned_date = DateField("Ngày kiểm tra / Date", format=DATE_FORMATS,
                             validators=[DataRequired()])
    team = TextAreaField("Đoàn kiểm tra / Team", validators=[Optional(), Length(max=2000)])
    decision_no = StringField("Số quyết định / Decision number",
                              validators=[Optional(), Length(max=80)])
