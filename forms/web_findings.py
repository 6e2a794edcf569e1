from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, SelectField

from workflows.engine.calendar import HANOI

from .findings import MEASUREMENT_FIELDS, FindingForm, MeasurementForm
from .web_labels import CATEGORIES, SEVERITIES


class WebFindingForm(FindingForm):
    """The finding form on site: labelled choices and one measurement row offered blank;
    a row the inspector leaves blank is dropped rather than refused."""

    category = SelectField(_l("Nhóm"), choices=list(CATEGORIES.items()))
    severity = SelectField(_l("Mức độ"), choices=list(SEVERITIES.items()))
    measurements = FieldList(FormField(MeasurementForm), min_entries=1, max_entries=100)

    def validate(self, extra_validators=None):
        kept = [e for e in self.measurements.entries if not _blank(e.form)]
        self.measurements.entries = kept
        self.measurements.last_index = len(kept) - 1
        return super().validate(extra_validators)


def finding_data(finding) -> dict:
    """A recorded finding as the form shows it for correction (sampling times in Hanoi)."""
    return {"category": finding.category, "severity": finding.severity,
            "description": finding.description,
            "measurements": [{"parameter": m.parameter, "value": m.value, "unit": m.unit,
                              "sampling_point": m.sampling_point,
                              "sampled_at": m.sampled_at.astimezone(HANOI).replace(tzinfo=None)
                              if m.sampled_at else None}
                             for m in finding.measurements] or [{}]}


def _blank(form) -> bool:
    return not any((form[k].raw_data or [""])[0].strip() for k in MEASUREMENT_FIELDS)
