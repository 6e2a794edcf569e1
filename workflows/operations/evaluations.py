"""Evaluate a lab result on request (the API's /evaluations and the verdict page): against a
plant's recorded conditions, or against conditions typed in. Nothing is stored."""
from datetime import date

from flask_babel import gettext as _

from workflows.engine.errors import Forbidden, Invalid
from workflows.engine.language import say
from workflows.permissions import can_evaluate
from workflows.wastewater.fines import SURCHARGE_BASES
from workflows.operations.measurements import suggestion
from workflows.operations.plant_conditions import repeated_parameters
from workflows.operations.standards import evaluation_conditions, evaluation_flags
from workflows.wastewater.standards import COLUMNS, load_library
from workflows.wastewater.evaluation import RECEIVING_KINDS, SEA_KINDS, EvaluationError, evaluate



def evaluate_sample(session, user, *, measurements, today: date, plant=None,
                    conditions: dict | None = None, organisation: bool | None = None,
                    repeat: bool | None = None, surcharge_base: str | None = None,
                    sampled_on: date | None = None) -> dict:
    """Per-parameter results and the suggested sanction for ``measurements``.

    With a plant: its recorded conditions under the standard that binds it on the sampling
    day (standards.evaluation_conditions); the offender is its cluster's investor, an
    organisation, unless ``organisation`` says otherwise; ``repeat`` left None is decided
    from the plant's earlier violations (plant_conditions.REPEAT_RULE). Without a plant,
    ``conditions`` holds standard, column, receiving_water and discharge_flow_m3_day, the
    offender is an individual and nothing repeats unless the caller says so."""
    if not can_evaluate(user, plant):
        raise Forbidden(_("Chủ đầu tư chỉ đánh giá trạm XLNT của mình: chọn trạm"))
    binding = None
    if plant is not None:
        binding, conditions = evaluation_conditions(plant, sampled_on or today)
    if surcharge_base is not None and surcharge_base not in SURCHARGE_BASES:
        raise Invalid({"surcharge_base": _("một trong: %(values)s", values=", ".join(SURCHARGE_BASES))})
    try:
        evaluation = evaluate(**conditions, measurements=measurements)
    except EvaluationError as exc:
        said = say(exc.errors)  # the library's Messages, in the reader's language
        if plant is None:
            raise EvaluationError(said) from None
        # The plant's record, not the caller's input, is what is missing: say so on plant_id.
        errors = {k: v for k, v in said.items() if k.startswith("measurements")}
        gaps = [f"{_record_field(k)}: {v}" for k, v in said.items() if k not in errors]
        if gaps:
            errors["plant_id"] = _("hồ sơ trạm XLNT chưa đủ để đánh giá: %(gaps)s",
                                   gaps="; ".join(gaps))
        raise EvaluationError(errors) from None
    repeated = set()
    if repeat is None and plant is not None:
        warned = {r.parameter for r in evaluation.results if r.verdict == "warning"}
        repeated = repeated_parameters(session, plant.cluster, plant, warned,
                                       sampled_on or today)
    if organisation is None:
        organisation = plant is not None
    data = suggestion(evaluation, repeated=repeated, repeat_all=bool(repeat),
                      organisation=organisation, surcharge_base=surcharge_base,
                      sampled_on=sampled_on)
    # Nothing here is stored: the evaluation's warnings and the suggestion's notes are said
    # in the reader's language.
    data["warnings"] = say(data["warnings"])
    data["readings"] = say(data["readings"])
    data["evaluation"]["warnings"] = say(data["evaluation"]["warnings"])
    data["evaluation"]["unconfirmed_warnings"] = say(data["evaluation"]["unconfirmed_warnings"])
    return {"plant_id": plant.id if plant is not None else None,
            "evaluation": data.pop("evaluation"), "fine_suggestion": data,
            "binding_standard": binding,
            "flags": evaluation_flags(binding, sampled_on or today)}


def _record_field(path: str) -> str:
    """The plant record's field a gap is about, as the plant's form names it."""
    labels = {"standard": _("Quy chuẩn áp dụng"), "column": _("Cột"),
              "receiving_water": _("Nguồn tiếp nhận"),
              "receiving_water.kind": _("Nguồn tiếp nhận"),
              "receiving_water.flow_m3_s": _("Lưu lượng sông (m³/s)"),
              "receiving_water.volume_m3": _("Dung tích hồ (m³)"),
              "receiving_water.sea_kind": _("Vùng biển"),
              "discharge_flow_m3_day": _("Lưu lượng xả (m³/ngày đêm)")}
    return labels.get(path, path)


def standards_catalog() -> dict:
    """The standards and their parameters as a form needs them: units, limits per column
    (None where no source confirmed one), and which coefficients are unconfirmed."""
    def limit(value):
        if value is None:
            return None
        return f"{value.low}-{value.high}" if value.is_range else str(value.high)

    def coefficient(c):
        return {"name": c.name, "receiving_body": c.receiving_body,
                "sea_kind": c.sea_kind, "rule": c.describe(),
                "value": str(c.effective_value), "confirmed": c.confirmed}

    library = load_library()
    return {
        "columns": list(COLUMNS), "receiving_kinds": list(RECEIVING_KINDS),
        "sea_kinds": list(SEA_KINDS), "surcharge_bases": list(SURCHARGE_BASES),
        "default_surcharge_base": library.penalties.default_surcharge_base,
        "items": [{
            "code": s.code, "title_vi": s.title_vi, "title_en": s.title_en,
            "effective_from": s.effective_from.isoformat(),
            "superseded_on": s.superseded_on.isoformat() if s.superseded_on else None,
            "parameters": [{
                "key": p.key, "name_vi": p.name_vi, "name_en": p.name_en, "unit": p.unit,
                "limit_a": limit(p.limit_a), "limit_b": limit(p.limit_b),
                "limit_a_confirmed": p.limit_a is not None,
                "limit_b_confirmed": p.limit_b is not None,
                "applies_kq_kf": p.applies_kq_kf, "hazardous": p.hazardous,
                "nd45_article": p.nd45_article, "basis": p.basis,
            } for p in s.parameters],
            "coefficients": [coefficient(c) for c in (*s.kq, *s.kf)],
        } for s in library.standards],
    }
