from wtforms import (DateTimeField, DecimalField, FieldList, FormField, IntegerField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from models.inspections import SEVERITIES

from .base import AppForm, SubForm

CATEGORIES = ("wastewater", "air", "solid_waste", "hazardous_waste", "permit", "fire_safety",
              "land_use", "other")


class MeasurementForm(SubForm):
    parameter = StringField("Thông số / Parameter", validators=[DataRequired(), Length(max=40)])
    value = DecimalField("Giá trị / Value")
    unit = StringField("Đơn vị / Unit", validators=[DataRequired(), Length(max=20)])
    sampling_point = StringField("Vị trí lấy mẫu / Sampling point",
                                 validators=[Optional(), Length(max=200)])
    sampled_at = DateTimeField("Thời điểm lấy mẫu / Sampled at",
                               format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
                               validators=[Optional()])

    def validate_value(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("bắt buộc, là một số / required, a number")


class FindingForm(AppForm):
    category = SelectField("Nhóm / Category", choices=[(c, c) for c in CATEGORIES])
    severity = SelectField("Mức độ / Severity", choices=[(s, s) for s in SEVERITIES])
    description = TextAreaField("Mô tả / Description",
                                validators=[DataRequired(), Length(max=5000)])
    measurements = FieldList(FormField(MeasurementForm), min_entries=0, max_entries=100)
    # The plant (discharge point) sampled, when the cluster has several; else its first.
    plant_id = IntegerField("Trạm XLNT / Wastewater plant", validators=[Optional()])
