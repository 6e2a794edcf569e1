from wtforms import SelectField
from wtforms.validators import DataRequired

from .inspections import InspectionForm
from .web_clusters import web_date
from .web_labels import INSPECTION_KINDS


class WebInspectionForm(InspectionForm):
    cluster_id = SelectField("Cụm công nghiệp / Cluster", coerce=int,
                             validators=[DataRequired()])
    kind = SelectField("Loại kiểm tra / Kind", choices=list(INSPECTION_KINDS.items()),
                       default="periodic")
    planned_date = web_date("Ngày kiểm tra / Date", [DataRequired(
        message="ngày không hợp lệ, dùng dd/mm/yyyy / invalid date, use dd/mm/yyyy")])

    def set_clusters(self, clusters):
        self.cluster_id.choices = [(c.id, f"{c.code} — {c.name}") for c in clusters]
