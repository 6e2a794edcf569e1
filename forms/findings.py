from flask_babel import lazy_gettext as _l
from wtforms import (DateTimeField, DecimalField, FieldList, FormField, IntegerField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from models.inspections import SEVERITIES

from .base import AppForm, SubForm

CATEGORIES = ("wastewater", "air", "solid_waste", "hazardous_waste", "permit", "fire_safety",
              "land_use", "other")


class MeasurementForm(SubForm):
    parameter = StringField(_l("Thông số"), validators=[DataRequired(), Length(max=40)])
    value = DecimalField(_l("Giá trị"))
    unit = StringField(_l("Đơn vị"), validators=[DataRequired(), Length(max=20)])
    sampling_point = StringField(_l("Vị trí lấy mẫu"),
                                 validators=[Optional(), Length(max=200)])
    sampled_at = DateTimeField(_l("Thời điểm lấy mẫu"),
                               format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
                               validators=[Optional()])

    def validate_value(self, field):
        if field.data is None and not field.errors:
            raise ValidationError(_l("bắt buộc, là một số"))


class FindingForm(AppForm):
    category = SelectField(_l("Nhóm"), choices=[(c, c) for c in CATEGORIES])
    severity = SelectField(_l("Mức độ"), choices=[(s, s) for s in SEVERITIES])
    description = TextAreaField(_l("Mô tả"),
                                validators=[DataRequired(), Length(max=5000)])
    measurements = FieldList(FormField(MeasurementForm), min_entries=0, max_entries=100)
    # The plant (discharge point) sampled, when the cluster has several; else its first.
    plant_id = IntegerField(_l("Trạm XLNT"), validators=[Optional()])
