"""The page's form to report an obstacle: clusters and organizations to pick from."""
from flask_babel import lazy_gettext as _l, lazy_pgettext
from wtforms import SelectField
from wtforms.validators import DataRequired

from .obstacles import REQUIRED, ObstacleForm
from .web_labels import OBSTACLE_KINDS


class WebObstacleForm(ObstacleForm):
    cluster_id = SelectField(lazy_pgettext("trường", "Cụm công nghiệp"), coerce=int,
                             validators=[DataRequired(REQUIRED)])
    kind = SelectField(_l("Loại khó khăn"), choices=list(OBSTACLE_KINDS.items()),
                       validators=[DataRequired(REQUIRED)])
    responsible_org_id = SelectField(_l("Cơ quan chịu trách nhiệm tháo gỡ"), coerce=int,
                                     validators=[DataRequired(REQUIRED)])

    def set_choices(self, clusters, organizations):
        """`organizations`: (id, name in the page's language) pairs."""
        self.cluster_id.choices = [(c.id, f"{c.code} — {c.name}") for c in clusters]
        self.responsible_org_id.choices = list(organizations)
