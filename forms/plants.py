"""A wastewater plant's record: its binding standard and column, where it
discharges and how much. The cross-field rules are workflows.operations.plants.plant_errors, shared
with the operations; this form adds the field-level checks and the bilingual labels."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField, widgets
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from models.clusters import RECEIVING_BODIES, WastewaterPlant
from workflows.operations.plants import PLANT_FIELDS, plant_errors
from workflows.wastewater.binding import LIMIT_COLUMNS
from workflows.wastewater.standards import load_library
from workflows.wastewater.evaluation import SEA_KINDS

from .base import AppForm, VersionedForm
from .evaluations import COLUMNS, RECEIVING, SEA

REQUIRED = _l("Bắt buộc")
NOT_NEGATIVE = _l("Không được âm")


def _choice(values):
    return AnyOf(tuple(values), message=_l("Không phải lựa chọn hợp lệ"))


class PlantForm(AppForm):
    model = WastewaterPlant  # its Numeric columns bound the decimals (AppForm.validate)
    name = StringField(_l("Tên trạm hoặc điểm xả"),
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    capacity_m3_day = DecimalField(
        _l("Công suất (m³/ngày đêm)"),
        validators=[InputRequired(REQUIRED),
                    NumberRange(min=0,  # 0 itself: plant_errors
                                message=_l("Phải lớn hơn 0"))])
    # Choices are set per instance: the standards library is data (data/standards/).
    standard_code = SelectField(_l("Quy chuẩn áp dụng"), validate_choice=False)
    standard_column = SelectField(_l("Cột"), choices=list(COLUMNS.items()), default="B",
                                  validate_choice=False, validators=[_choice(COLUMNS)])
    receiving_body = SelectField(_l("Nguồn tiếp nhận"),
                                 choices=[(k, RECEIVING[k]) for k in RECEIVING_BODIES],
                                 default="unknown", validate_choice=False,
                                 validators=[_choice(RECEIVING_BODIES)])
    receiving_name = StringField(_l("Tên nguồn tiếp nhận"),
                                 validators=[Optional(), Length(max=200)])
    receiving_flow_m3s = DecimalField(
        _l("Lưu lượng sông (m³/s), chỉ với sông; để trống nếu chưa biết: áp dụng quy tắc "
           "'không có số liệu' của quy chuẩn"),
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)])
    receiving_volume_m3 = DecimalField(
        _l("Dung tích hồ (m³), chỉ với hồ; để trống nếu chưa biết: áp dụng quy tắc "
           "'không có số liệu'"),
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)])
    sea_kind = SelectField(_l("Vùng biển (chỉ với biển)"),
                           choices=[("", "—")] + [(k, SEA[k]) for k in SEA_KINDS],
                           default="", validate_choice=False,
                           validators=[_choice(("", *SEA_KINDS))])
    discharge_flow_m3_day = DecimalField(
        _l("Lưu lượng xả (m³/ngày đêm)"),
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)])
    existing_facility = BooleanField(
        _l("Cơ sở hiện hữu (giữ QCVN 40:2011 đến 31/12/2031 theo Thông tư 06/2025/TT-BTNMT)"))
    existing_basis = StringField(_l("Căn cứ là cơ sở hiện hữu (sự kiện)"),
                                 validators=[Optional(), Length(max=300)])
    existing_basis_date = DateField(_l("Ngày của căn cứ"), format=["%d/%m/%Y", "%Y-%m-%d"],
                                    validators=[Optional()], widget=widgets.TextInput(),
                                    render_kw={"placeholder": "dd/mm/yyyy"})
    # Never defaulted from standard_column: the 2025 columns' meaning is not confirmed.
    successor_column = SelectField(
        _l("Cột theo QCVN 40:2025 (ghi theo văn bản có thẩm quyền áp dụng cho trạm; để trống "
           "nếu chưa có)"),
        choices=[("", "—")] + [(c, c) for c in LIMIT_COLUMNS], default="",
        # None: a form posted without the field (the page before it had one) leaves it empty.
        validate_choice=False, validators=[_choice(("", None, *LIMIT_COLUMNS))])

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
        values["successor_column"] = values["successor_column"] or None
        values["receiving_name"] = (values["receiving_name"] or "").strip()
        values["existing_basis"] = (values["existing_basis"] or "").strip() or None
        return values


class PlantEditForm(VersionedForm, PlantForm):
    """A plant's record as it was read: saved only if nobody changed it since."""
