from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .base import AppForm
from .clusters import DATE_FORMATS


class ViolationForm(AppForm):
    cluster_id = IntegerField("Cụm công nghiệp / Cluster", validators=[DataRequired()])
    title = StringField("Vi phạm / Violation", validators=[DataRequired(), Length(max=300)])
    description = TextAreaField("Mô tả / Description", validators=[Optional(), Length(max=5000)])
    sampled_on = DateField("Ngày lấy mẫu / Sampling date", format=DATE_FORMATS,
                           validators=[Optional()])
