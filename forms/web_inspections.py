from flask_babel import lazy_gettext as _l, lazy_pgettext
from wtforms import SelectField
from wtforms.validators import DataRequired

from .inspections import InspectionForm
from .web_clusters import web_date
from .web_labels import INSPECTION_KINDS


class WebInspectionForm(InspectionForm):
    cluster_id = SelectField(lazy_pgettext("trường", "Cụm công nghiệp"), coerce=int,
                             validators=[DataRequired()])
    kind = SelectField(_l("Loại kiểm tra"), choices=list(INSPECTION_KINDS.items()),
                       default="periodic")
    planned_date = web_date(_l("Ngày kiểm tra"), [DataRequired(
        message=_l("ngày không hợp lệ, dùng dd/mm/yyyy"))])

    def set_clusters(self, clusters):
        self.cluster_id.choices = [(c.id, f"{c.code} — {c.name}") for c in clusters]
