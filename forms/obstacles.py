"""Reporting an obstacle: the same fields for the page and the API."""
from flask_babel import lazy_gettext as _l, lazy_pgettext
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from models.obstacles import OBSTACLE_KINDS

from .base import AppForm

REQUIRED = _l("bắt buộc")


class ObstacleForm(AppForm):
    cluster_id = IntegerField(lazy_pgettext("trường", "Cụm công nghiệp"),
                              validators=[InputRequired(REQUIRED)])
    kind = SelectField(_l("Loại khó khăn"), choices=[(k, k) for k in OBSTACLE_KINDS],
                       validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Khó khăn, vướng mắc"),
                        validators=[DataRequired(REQUIRED), Length(max=300)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=5000)])
    responsible_org_id = IntegerField(_l("Cơ quan chịu trách nhiệm tháo gỡ"),
                                      validators=[InputRequired(REQUIRED)])

    def report_values(self) -> dict:
        return {"kind": self.kind.data, "title": self.title.data,
                "description": self.description.data or "",
                "responsible_org_id": self.responsible_org_id.data}
