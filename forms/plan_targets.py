"""A plan target on the page: the indicator, its range and where it comes from."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .base import AppForm

# The indicators' names as the catalogue has them (workflows.plan.LABELS keeps both
# languages for the targets' default labels).
INDICATORS = {
    "started_2018_2020": _l("Khởi công hạ tầng các CCN thành lập 2018-2020"),
    "operational": _l("Hoàn thành hạ tầng, đưa CCN vào hoạt động"),
    "finished_2021_2024": _l("Hoàn thành hạ tầng các CCN khởi công 2021-2024"),
    "established_or_expanded": _l("Thành lập mới hoặc mở rộng CCN"),
    "plant_meets_standard": _l("Tỷ lệ CCN đang hoạt động có trạm XLNT đạt quy chuẩn"),
    "craft_village_plant_meets_standard": _l("Tỷ lệ CCN làng nghề có trạm XLNT đạt quy chuẩn"),
}


class PlanTargetForm(AppForm):
    year = IntegerField(_l("Năm"), validators=[DataRequired(_l("bắt buộc")),
                                               NumberRange(2000, 2100)])
    indicator = SelectField(_l("Chỉ tiêu"), choices=list(INDICATORS.items()))
    min_value = IntegerField(_l("Tối thiểu"), validators=[InputRequired(_l("bắt buộc")),
                                                         NumberRange(0, 100000)])
    max_value = IntegerField(_l("Tối đa"), validators=[Optional(), NumberRange(0, 100000)])
    label_vi = StringField(_l("Tên chỉ tiêu (tiếng Việt)"),
                           validators=[Optional(), Length(max=300)])
    label_en = StringField(_l("Tên chỉ tiêu (tiếng Anh)"),
                           validators=[Optional(), Length(max=300)])
    scope = StringField(_l("Căn cứ (kế hoạch, văn bản)"), validators=[Optional(), Length(max=300)])

    def target_values(self, editing: bool = False) -> dict:
        """The typed values; an empty label keeps the indicator's own (on a new target)
        or the current one (when editing)."""
        values = {k: self[k].data for k in ("year", "indicator", "min_value", "max_value",
                                            "scope")}
        values["scope"] = values["scope"] or ""
        for key in ("label_vi", "label_en"):
            if self[key].data:
                values[key] = self[key].data
        return values
