from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from models.clusters import CLUSTER_KINDS

from .base import AppForm

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ClusterForm(AppForm):
    code = StringField("Mã cụm / Code", validators=[DataRequired(), Length(max=40)])
    name = StringField("Tên cụm / Name", validators=[DataRequired(), Length(max=200)])
    district = StringField("Quận/huyện / District", validators=[DataRequired(), Length(max=100)])
    commune = StringField("Xã/phường / Commune", validators=[Optional(), Length(max=100)])
    kind = SelectField("Loại / Kind", choices=[(k, k) for k in CLUSTER_KINDS],
                       default="regular")
    area_ha = DecimalField("Diện tích (ha) / Area (ha)",
                           validators=[DataRequired(), NumberRange(min=0.01, max=1000)])
    industrial_land_ha = DecimalField("Đất công nghiệp (ha) / Industrial land (ha)",
                                      validators=[Optional(), NumberRange(min=0, max=1000)])
    leased_land_ha = DecimalField("Đất đã cho thuê (ha) / Leased land (ha)",
                                  validators=[Optional(), NumberRange(min=0, max=1000)])
    investor_id = IntegerField("Chủ đầu tư / Investor", validators=[Optional()])
    planned_start_date = DateField("Khởi công dự kiến / Planned start", format=DATE_FORMATS,
                                   validators=[Optional()])
    planned_completion_date = DateField("Hoàn thành dự kiến / Planned completion",
                                        format=DATE_FORMATS, validators=[Optional()])

    def validate_leased_land_ha(self, field):
        if field.data is not None and self.industrial_land_ha.data is not None and \
                field.data > self.industrial_land_ha.data:
            raise ValidationError(
                "Không vượt quá đất công nghiệp / cannot exceed the industrial land")
