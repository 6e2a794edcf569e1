"""A plan target on the page: the indicator, its range and where it comes from."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from workflows.engine.language import language
from workflows.plan import LABELS

from .base import AppForm, VersionedForm


class PlanTargetForm(AppForm):
    year = IntegerField(_l("Năm"), validators=[InputRequired(_l("bắt buộc")),
                                               NumberRange(2000, 2100)])
    indicator = SelectField(_l("Chỉ tiêu"))
    min_value = IntegerField(_l("Tối thiểu"), validators=[InputRequired(_l("bắt buộc")),
                                                         NumberRange(0, 100000)])
    max_value = IntegerField(_l("Tối đa"), validators=[Optional(), NumberRange(0, 100000)])
    label_vi = StringField(_l("Tên chỉ tiêu (tiếng Việt)"),
                           validators=[Optional(), Length(max=300)])
    label_en = StringField(_l("Tên chỉ tiêu (tiếng Anh)"),
                           validators=[Optional(), Length(max=300)])
    scope = StringField(_l("Căn cứ (kế hoạch, văn bản)"), validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The indicators' own names (workflows/plan.py), in the page's language.
        self.indicator.choices = [(key, en if language() == "en" else vi)
                                  for key, (vi, en) in LABELS.items()]

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


class PlanTargetEditForm(VersionedForm, PlanTargetForm):
    """The edit page: the target as read at its version."""
