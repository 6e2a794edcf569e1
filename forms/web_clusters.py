from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional

from workflows.engine.language import pick

from .base import VersionedForm
from .clusters import ClusterForm
from .web_labels import CLUSTER_KINDS

# People write dd/mm/yyyy; the first format is the one the field renders.
WEB_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def web_date(label, validators):
    return DateField(label, format=WEB_DATE_FORMATS, validators=validators,
                     widget=widgets.TextInput(), render_kw={"placeholder": "dd/mm/yyyy"})


class WebClusterForm(ClusterForm):
    """The API's ClusterForm with pickers for people: the investor by name, labelled kinds."""

    commune = StringField(_l("Xã/phường"), validators=[DataRequired(), Length(max=100)])
    kind = SelectField(_l("Loại"), choices=list(CLUSTER_KINDS.items()), default="regular")
    investor_id = SelectField(_l("Chủ đầu tư"), coerce=lambda v: int(v) if v else None,
                              validators=[Optional()])
    planned_start_date = web_date(_l("Khởi công dự kiến"), [Optional()])
    planned_completion_date = web_date(_l("Hoàn thành dự kiến"), [Optional()])

    def set_investors(self, organizations):
        self.investor_id.choices = [("", "—")] + [(o.id, pick(o, "name")) for o in organizations]

    def cluster_values(self) -> dict:
        return {k: v for k, v in self.data.items() if k not in ("csrf_token", "version")}


class WebNewClusterForm(WebClusterForm):
    """The new-cluster page: the cluster's data and, when there is one, its establishment
    decision."""

    decision_no = StringField(_l("Số quyết định thành lập"), validators=[Optional(),
                                                                      Length(max=80)])
    decision_date = web_date(_l("Ngày quyết định thành lập"), [Optional()])


class WebClusterEditForm(VersionedForm, WebClusterForm):
    """The edit page: the cluster's data as read at its version."""
