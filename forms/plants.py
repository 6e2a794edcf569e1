"""A wastewater plant's record (issue 5): its binding standard and column, where it
discharges and how much. The cross-field rules are workflows.operations.plants.plant_errors, shared
with the operations; this form adds the field-level checks and the bilingual labels."""
from wtforms import DecimalField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from models.clusters import RECEIVING_BODIES
from workflows.operations.plants import PLANT_FIELDS, plant_errors
from workflows.wastewater.standards import load_library
from workflows.wastewater.evaluation import SEA_KINDS

from .base import AppForm
from .evaluations import COLUMNS, RECEIVING, SEA

REQUIRED = "Bắt buộc / required"
NOT_NEGATIVE = "Không được âm / must not be negative"


def _choice(values):
    return AnyOf(tuple(values), message="Không phải lựa chọn hợp lệ / not a valid choice")


class PlantForm(AppForm):
    name = StringField("Tên trạm hoặc điểm xả / Plant or discharge point",
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    capacity_m3_day = DecimalField(
        "Công suất (m³/ngày đêm) / Capacity (m³/day)",
        validators=[InputRequired(REQUIRED),
                    NumberRange(min=0,  # 0 itself: plant_errors
                                message="Phải lớn hơn 0 / must be greater than 0")])
    # Choices are set per instance: the standards library is data (data/standards/).
    standard_code = SelectField("Quy chuẩn áp dụng / Binding standard", validate_choice=False)
    standard_column = SelectField("Cột / Column", choices=list(COLUMNS.items()), default="B",
                                  validate_choice=False, validators=[_choice(COLUMNS)])
    receiving_body = SelectField("Nguồn tiếp nhận / Receiving water",
                                 choices=[(k, RECEIVING[k]) for k in RECEIVING_BODIES],
                                 default="unknown", validate_choice=False,
                                 validators=[_choice(RECEIVING_BODIES)])
    receiving_name = StringField("Tên nguồn tiếp nhận / Receiving water's name",
                                 validators=[Optional(), Length(max=200)])
    receiving_flow_m3s = DecimalField(
        "Lưu lượng sông (m³/s), chỉ với sông; để trống nếu chưa biết: áp dụng quy tắc 'không "
        "có số liệu' của quy chuẩn / River flow (m³/s), rivers only; leave empty when unknown: "
        "the standard's 'no data' rule then applies",
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)])
    receiving_volume_m3 = DecimalField(
        "Dung tích hồ (m³), chỉ với hồ; để trống nếu chưa biết: áp dụng quy tắc 'không có số "
        "liệu' / Lake volume (m³), lakes only; leave empty when unknown: the 'no data' rule "
        "then applies",
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)])
    sea_kind = SelectField("Vùng biển (chỉ với biển) / Coastal water (sea only)",
                           choices=[("", "— / —")] + [(k, SEA[k]) for k in SEA_KINDS],
                           default="", validate_choice=False,
                           validators=[_choice(("", *SEA_KINDS))])
    discharge_flow_m3_day = DecimalField(
        "Lưu lượng xả (m³/ngày đêm) / Discharge flow (m³/day)",
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = [s.code for s in load_library().standards]
        self.standard_code.choices = [(c, c) for c in codes]
        self.standard_code.validators = [_choice(codes)]
        if self.standard_code.data is None:  # left out of a request: the first on file
            self.standard_code.data = codes[0]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # The shared rules, beside each field that has no message of its own yet.
        for name, message in plant_errors(self.plant_values()).items():
            field = getattr(self, name)
            if not field.errors:
                field.errors = list(field.errors) + [message]
                ok = False
        return ok

    def plant_values(self) -> dict:
        """The keyword arguments of add_plant / update_plant."""
        values = {name: getattr(self, name).data for name in PLANT_FIELDS}
        values["sea_kind"] = values["sea_kind"] or None
        values["receiving_name"] = (values["receiving_name"] or "").strip()
        return values
