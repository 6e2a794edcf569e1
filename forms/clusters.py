from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DecimalField, IntegerField, SelectField,
                     StringField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from models.clusters import CLUSTER_KINDS

from .base import AppForm

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ClusterForm(AppForm):
    code = StringField(_l("Mã cụm"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Tên cụm"), validators=[DataRequired(), Length(max=200)])
    # Since 1/7/2025 Hanoi has no district level: a cluster lies in a commune or ward; the
    # former district is kept as history (and for the records made before).
    district = StringField(_l("Quận/huyện cũ (trước 1/7/2025)"),
                           validators=[Optional(), Length(max=100)])
    commune = StringField(_l("Xã/phường"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Loại"), choices=[(k, k) for k in CLUSTER_KINDS],
                       default="regular")
    area_ha = DecimalField(_l("Diện tích (ha)"),
                           validators=[DataRequired(), NumberRange(min=0.01, max=1000)])
    industrial_land_ha = DecimalField(_l("Đất công nghiệp (ha)"),
                                      validators=[Optional(), NumberRange(min=0, max=1000)])
    leased_land_ha = DecimalField(_l("Đất đã cho thuê (ha)"),
                                  validators=[Optional(), NumberRange(min=0, max=1000)])
    investor_id = IntegerField(_l("Chủ đầu tư"), validators=[Optional()])
    planned_start_date = DateField(_l("Khởi công dự kiến"), format=DATE_FORMATS,
                                   validators=[Optional()])
    planned_completion_date = DateField(_l("Hoàn thành dự kiến"),
                                        format=DATE_FORMATS, validators=[Optional()])
    mountainous = BooleanField(_l("Thuộc khu vực miền núi"))

    def validate_leased_land_ha(self, field):
        if field.data is not None and self.industrial_land_ha.data is not None and \
                field.data > self.industrial_land_ha.data:
            raise ValidationError(
                _l("Không vượt quá đất công nghiệp"))


class NewClusterForm(ClusterForm):
    """A cluster as the department enters it, with its establishment decision when there
    is one (number and date; the schedule is the planned start and completion)."""

    decision_no = StringField(_l("Số quyết định thành lập"), validators=[Optional(),
                                                                      Length(max=80)])
    decision_date = DateField(_l("Ngày quyết định thành lập"), format=DATE_FORMATS,
                              validators=[Optional()])
