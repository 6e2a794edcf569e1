from datetime import datetime, timezone

from flask_babel import lazy_gettext as _l
from wtforms import (DateTimeField, DecimalField, FieldList, FormField, IntegerField,
                     SelectField, StringField, TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from models.inspections import SEVERITIES
from workflows.engine.calendar import HANOI

from .base import AppForm, SubForm

CATEGORIES = ("wastewater", "air", "solid_waste", "hazardous_waste", "permit", "fire_safety",
              "land_use", "other")


MEASUREMENT_FIELDS = ("parameter", "value", "unit", "sampling_point", "sampled_at")


class SamplingTimeField(DateTimeField):
    """A sampling time as people write it (dd/mm/yyyy hh:mm, Hanoi time), or in ISO 8601
    with or without an offset, so that what the API returns can be sent back."""

    accepts = "ISO 8601 (without an offset: Hanoi time) or %d/%m/%Y %H:%M"

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        if len(text) > len("yyyy-mm-dd"):  # a date alone is no sampling time
            try:
                self.data = datetime.fromisoformat(text)
                return
            except ValueError:
                pass
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("ngày giờ không hợp lệ, dùng dd/mm/yyyy hh:mm")) from None


class MeasurementForm(SubForm):
    parameter = StringField(_l("Thông số"), validators=[DataRequired(), Length(max=40)])
    value = DecimalField(_l("Giá trị"))
    unit = StringField(_l("Đơn vị"), validators=[DataRequired(), Length(max=20)])
    sampling_point = StringField(_l("Vị trí lấy mẫu"),
                                 validators=[Optional(), Length(max=200)])
    # A text box, as every date of the app: a browser's own picker shows its locale's
    # order (mm/dd on an English system). The first format is the one the page shows.
    sampled_at = SamplingTimeField(_l("Thời điểm lấy mẫu"),
                                   format=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"],
                                   widget=widgets.TextInput(),
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

    def measurement_values(self) -> list[dict]:
        """Measurements as log_finding takes them. A sampling time without an offset is
        Hanoi time, whether typed on site or sent by a client; it is stored in UTC."""
        rows = []
        for entry in self.measurements.entries:
            row = {k: entry.form[k].data for k in MEASUREMENT_FIELDS}
            sampled = row["sampled_at"]
            if sampled is not None:
                row["sampled_at"] = (sampled if sampled.tzinfo else sampled.replace(
                    tzinfo=HANOI)).astimezone(timezone.utc)
            row["sampling_point"] = row["sampling_point"] or ""
            rows.append(row)
        return rows
