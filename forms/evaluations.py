"""The verdict page's form: a lab result pasted as text, one `parameter value unit` a line,
evaluated against a plant's record or against conditions typed in."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workflows.wastewater.fines import SURCHARGE_BASES
from workflows.wastewater.standards import load_library
from workflows.wastewater.evaluation import SEA_KINDS

from .base import AppForm

MAX_LINES = 100
# `cod 210 mg/l`, `pH 7.2`, `coliform 4000 vi khuẩn/100ml`; a colon or tab may separate.
LINE = re.compile(r"^(?P<parameter>[^\s:=]+)\s*[\s:=]\s*(?P<value>\S+)(?:\s+(?P<unit>\S.*?))?\s*$")
_PATH = re.compile(r"^measurements\[(\d+)\](?:\.(\w+))?$")

RECEIVING = {
    "river": _l("Sông, suối"),
    "lake": _l("Hồ, ao"),
    "sea": _l("Biển ven bờ"),
    "onsite": _l("Đất, ao hồ trong cơ sở"),
    "urban_drainage_no_wwtp": _l("Cống đô thị không có trạm XLNT tập trung"),
    "unknown": _l("Chưa rõ"),
}
SEA = {"protected": _l("Nuôi thủy sản, thể thao, giải trí"),
       "other": _l("Vùng biển khác")}
# Units the standards write in Vietnamese: in English, the one a laboratory writes for
# coliform, which the lab result also takes (workflows/wastewater/evaluation.UNIT_ALIASES).
UNITS = {"vi khuẩn/100ml": _l("vi khuẩn/100ml")}
BASES = {"fine_of_violation_chosen": _l("Theo mức phạt của hành vi được chọn (khoảng)"),
         "top_of_range": _l("Theo mức cao nhất của khung")}
COLUMNS = {"A": _l("A: nguồn nước dùng cho cấp nước sinh hoạt"),
           "B": _l("B: nguồn tiếp nhận khác")}
# The library's field paths, and the field of this form each belongs beside.
FIELD_OF = {"plant_id": "plant_id", "standard": "standard", "column": "column",
            "receiving_water": "receiving_kind", "receiving_water.kind": "receiving_kind",
            "receiving_water.flow_m3_s": "flow_m3_s", "receiving_water.volume_m3": "volume_m3",
            "receiving_water.sea_kind": "sea_kind", "discharge_flow_m3_day": "discharge_flow_m3_day",
            "surcharge_base": "surcharge_base", "sampled_on": "sampled_on",
            "measurements": "lab_result"}


# The part of a lab-result line an error is about, as the page names it.
LINE_PARTS = {"parameter": _l("Thông số"), "value": _l("Giá trị"), "unit": _l("Đơn vị")}


def _plant_id(value):
    return int(value) if value not in (None, "", "None") else None


class EvaluationForm(AppForm):
    plant_id = SelectField(_l("Trạm XLNT"), coerce=_plant_id, choices=[],
                           validate_choice=True)
    standard = SelectField(_l("Quy chuẩn"))
    column = SelectField(_l("Cột"), choices=list(COLUMNS.items()), default="B")
    receiving_kind = SelectField(_l("Nguồn tiếp nhận"),
                                 choices=list(RECEIVING.items()), default="river")
    flow_m3_s = DecimalField(_l("Lưu lượng sông (m³/s)"),
                             validators=[Optional(), NumberRange(min=0)])
    volume_m3 = DecimalField(_l("Dung tích hồ (m³)"),
                             validators=[Optional(), NumberRange(min=0)])
    sea_kind = SelectField(_l("Vùng biển"),
                           choices=[("", "—")] + [(k, SEA[k]) for k in SEA_KINDS], default="")
    discharge_flow_m3_day = DecimalField(_l("Lưu lượng xả (m³/ngày đêm)"),
                                         validators=[Optional(), NumberRange(min=0)])
    organisation = BooleanField(_l("Bên vi phạm là tổ chức (phạt gấp đôi)"), default=True)
    repeat = BooleanField(_l("Tái phạm hoặc vi phạm nhiều lần"))
    surcharge_base = SelectField(_l("Cơ sở tính phạt tăng thêm"),
                                 choices=[(b, BASES[b]) for b in SURCHARGE_BASES])
    sampled_on = DateField(_l("Ngày lấy mẫu"), format=["%d/%m/%Y", "%Y-%m-%d"],
                           validators=[Optional()])
    lab_result = TextAreaField(_l("Kết quả phân tích: mỗi dòng `thông số giá trị đơn vị`"),
                               validators=[DataRequired(), Length(max=20000)])

    def __init__(self, *args, plants=(), plant_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plant_required = plant_required
        none = [] if plant_required else [("", _l("— Nhập điều kiện bên dưới"))]
        self.plant_id.choices = none + [
            (p.id, f"{p.cluster.code} · {p.name} ({p.standard_code} {p.standard_column})")
            for p in plants]
        self.standard.choices = [(s.code, s.code) for s in load_library().standards]
        if self.standard.data is None:  # a request that left it out: the first on file
            self.standard.data = self.standard.choices[0][0]
        self.line_errors: dict[int, str] = {}  # line number (1-based) -> message
        self.line_numbers: list[int] = []  # measurements[i] came from line line_numbers[i]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.plant_id.data is None:
            if self.plant_required:
                self.plant_id.errors.append(_l("Chọn trạm XLNT của cụm mình"))
                ok = False
            elif self.discharge_flow_m3_day.data is None:
                self.discharge_flow_m3_day.errors.append(
                    _l("bắt buộc khi không chọn trạm"))
                ok = False
        self.measurements()
        return ok and not self.line_errors

    def measurements(self) -> list[dict]:
        """The pasted lines as measurements; a line that is not `parameter value [unit]`
        gets an error of its own. Blank lines and `#` comments are skipped."""
        rows, self.line_errors, self.line_numbers = [], {}, []
        lines = (self.lab_result.data or "").splitlines()
        if len(lines) > MAX_LINES:
            self.lab_result.errors = list(self.lab_result.errors) + [
                _l("tối đa %(n)s dòng", n=MAX_LINES)]
        for number, line in enumerate(lines[:MAX_LINES], start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            match = LINE.match(text)
            if match is None:
                self.line_errors[number] = _l("cần `thông số giá trị đơn vị`, ví dụ `cod 210 mg/l`")
                continue
            rows.append({"parameter": match["parameter"], "value": match["value"],
                         "unit": match["unit"] or ""})
            self.line_numbers.append(number)
        return rows

    def options(self) -> dict:
        """The keyword arguments of workflows.operations.evaluations.evaluate_sample."""
        conditions = None
        if self.plant_id.data is None:
            conditions = {
                "standard": self.standard.data, "column": self.column.data,
                "receiving_water": {"kind": self.receiving_kind.data,
                                    "flow_m3_s": self.flow_m3_s.data,
                                    "volume_m3": self.volume_m3.data,
                                    "sea_kind": self.sea_kind.data or None},
                "discharge_flow_m3_day": self.discharge_flow_m3_day.data,
            }
        return {"conditions": conditions, "measurements": self.measurements(),
                "organisation": self.organisation.data,
                # Unticked with a plant: let the plant's history decide (REPEAT_RULE).
                "repeat": True if self.repeat.data else (None if self.plant_id.data else False),
                "surcharge_base": self.surcharge_base.data, "sampled_on": self.sampled_on.data}

    def take_errors(self, errors: dict) -> None:
        """Put the evaluation's field errors beside the line or field they are about."""
        for path, message in errors.items():
            match = _PATH.match(path)
            if match and int(match[1]) < len(self.line_numbers):
                number = self.line_numbers[int(match[1])]
                field = f"{LINE_PARTS.get(match[2], match[2])}: " if match[2] else ""
                self.line_errors[number] = "; ".join(
                    filter(None, [self.line_errors.get(number), field + message]))
                continue
            field = getattr(self, FIELD_OF.get(path, "lab_result"))
            field.errors = list(field.errors) + [message]

    @property
    def lines(self) -> list[str]:
        return (self.lab_result.data or "").splitlines()
