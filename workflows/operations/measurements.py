"""Assess measured values against the binding standard of the plant they were sampled at.

The law lives in workflows/wastewater/ (Cmax, factor, verdict; the suggested sanction); the
standard that binds on the sampling day, and the plant's column under it, come from
workflows/operations/standards.py, as for an evaluation on request. This module ties them to
the database rows: it picks the plant, fills each row's permitted maximum, factor and
verdict, decides which rows make a violation, and builds the suggestion stored on the
violation. Shared by inspection findings (Measurement)
and monitoring stations (PlantReading): both have parameter, value and unit.
"""
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal

from flask_babel import force_locale, gettext as _
from sqlalchemy.orm import object_session

from models.base import aware
from workflows.engine.calendar import local_date
from workflows.engine.errors import Invalid
from workflows.engine.language import say
from workflows.engine.messages import msg
from workflows.wastewater.fines import suggest_fine
from workflows.operations.plant_conditions import REPEAT_RULE, repeated_parameters
from workflows.operations.standards import evaluation_conditions
from workflows.wastewater.standards import UnknownStandardError, load_library
from workflows.wastewater.evaluation import EvaluationError, Evaluation, evaluate
from workflows.engine.numbers import vietnamese_factor, vietnamese_number

# Notes, warnings and titles written here are kept with the record, in Vietnamese: the
# language of the record officials sign (the pages translate their own labels around them).
NO_PLANT = ("Cụm chưa có trạm XLNT: số liệu chưa được đánh giá theo quy chuẩn. Để đánh giá, "
            "ghi trạm XLNT (điểm xả) của cụm với quy chuẩn và cột áp dụng, nguồn tiếp nhận và "
            "lưu lượng xả (m³/ngày đêm), rồi ghi nhận lại kết quả")
# Stored factors are cut, never rounded up: a 1.09999x warning must not read as 1.1x.
FACTOR_PLACES, CMAX_PLACES = Decimal("0.0001"), Decimal("0.000001")
_INDEX = re.compile(r"^measurements\[(\d+)\]")


class PlantNotReady(Exception):
    """The plant's record lacks what the evaluation needs; nothing is assessed."""


@dataclass
class Assessment:
    plant: object | None
    evaluation: Evaluation | None = None
    # Parameters whose warning under 1.1x repeats an earlier violation (REPEAT_RULE).
    repeated: set = field(default_factory=set)
    sampled_on: date | None = None
    notes: list = field(default_factory=list)

    @property
    def note(self) -> str | None:
        return "; ".join(self.notes) or None

    def makes_violation(self, result) -> bool:
        return result.verdict == "exceeds" or (
            result.verdict == "warning" and result.parameter in self.repeated)

    @property
    def over(self) -> list:
        """The results that make a violation, in input order."""
        return [r for r in self.evaluation.results if self.makes_violation(r)] \
            if self.evaluation else []


def plant_for(cluster, plant_id=None):
    """The plant named, or the cluster's first (most clusters have one central plant)."""
    if plant_id is None:
        return cluster.plants[0] if cluster.plants else None
    for plant in cluster.plants:
        if plant.id == plant_id:
            return plant
    raise Invalid({"plant_id": _("không phải trạm XLNT của cụm này")})


def evaluate_rows(plant, rows, on: date, path="measurements"):
    """Evaluate ``rows`` against ``plant`` under the standard that binds it on ``on``.
    Returns (evaluation or None, {index: Result}, notes). A row the library refuses is a 422
    on ``path[i].field``; a gap in the plant's record, or a binding standard it cannot be
    evaluated under, is PlantNotReady; a parameter the standard cannot evaluate for this
    plant (a limit no source confirmed, a 2025 row that needs what is not known) is left
    unassessed with a note, so the rest of the lab sheet still counts."""
    try:
        with force_locale("vi"):  # the note is kept with the record, in Vietnamese
            _binding, conditions = evaluation_conditions(plant, on)
        standard = conditions["standard"]
        if isinstance(standard, str):
            standard = load_library().get(standard)
    except Invalid as exc:
        raise PlantNotReady("; ".join(str(v) for v in exc.errors.values())) from None
    except UnknownStandardError as exc:
        raise PlantNotReady(str(exc)) from None
    column = (conditions["column"] or "").strip().upper()
    kept, notes = [], []
    for i, row in enumerate(rows):
        refusal = standard.refusal(row.parameter)
        if refusal is not None:  # its own sentence, kept with the record in Vietnamese
            with force_locale("vi"):
                notes.append(say(refusal.message))
            continue
        param = standard.parameter(row.parameter)
        if param is not None and column in standard.columns and param.limit_on(column) is None:
            notes.append(f"{param.key}: giới hạn cột {column} chưa được xác nhận, chưa đánh "
                         "giá")
            continue
        kept.append(i)
    if not kept:
        return None, {}, notes
    try:
        evaluation = evaluate(standard, column, conditions["receiving_water"],
                              conditions["discharge_flow_m3_day"],
                              [(rows[i].parameter, rows[i].value, rows[i].unit) for i in kept])
    except EvaluationError as exc:
        # Paths point into the rows evaluated: map them back to the caller's indexes. The
        # caller's refusal is said in its language; a note kept with the record, in Vietnamese.
        mine = {_INDEX.sub(lambda m: f"{path}[{kept[int(m[1])]}]", k): say(v)
                for k, v in exc.errors.items() if _INDEX.match(k)}
        if mine:
            raise EvaluationError(mine) from None
        raise PlantNotReady("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
    return evaluation, {kept[r.index]: r for r in evaluation.results}, notes


def fill(row, result, assessment: Assessment) -> None:
    """Write one result onto a Measurement or PlantReading."""
    row.permitted_max = result.cmax.quantize(CMAX_PLACES)
    row.exceedance_factor = None if result.exceedance_factor is None else \
        result.exceedance_factor.quantize(FACTOR_PLACES, rounding=ROUND_DOWN)
    row.verdict = result.verdict
    row.exceeds = assessment.makes_violation(result)


def clear(row) -> None:
    row.permitted_max = row.exceedance_factor = row.verdict = None
    row.exceeds = False


def sampling_date(measurements) -> date | None:
    """The earliest sampling day in Hanoi: it starts the 2-year limitation clock."""

    times = [aware(m.sampled_at) for m in measurements if m.sampled_at is not None]
    return local_date(min(times)) if times else None


def assess(cluster, measurements, *, plant_id=None, today: date | None = None,
           inspection_id=None) -> Assessment:
    """Evaluate a finding's measurements against the plant they were sampled at (the one
    named, else the cluster's first) and fill each row's permitted_max, exceedance_factor,
    verdict and exceeds. Bad values raise EvaluationError (422) naming
    ``measurements[i].field``; with no plant, or an incomplete plant record, nothing is
    assessed and the returned note says why."""
    plant = plant_for(cluster, plant_id)
    assessment = Assessment(plant, sampled_on=sampling_date(measurements))
    for m in measurements:
        clear(m)
    if not measurements:
        return assessment
    if plant is None:
        assessment.notes.append(NO_PLANT)
        return assessment
    try:
        evaluation, results, notes = evaluate_rows(plant, measurements,
                                                   assessment.sampled_on or today)
    except PlantNotReady as exc:
        assessment.notes.append(
            f"Hồ sơ trạm XLNT #{plant.id} chưa đủ để đánh giá: {exc}")
        return assessment
    assessment.evaluation, assessment.notes = evaluation, notes
    if evaluation is not None:
        warned = {r.parameter for r in evaluation.results if r.verdict == "warning"}
        day = assessment.sampled_on or today
        if warned and day is not None:
            assessment.repeated = repeated_parameters(
                object_session(cluster), cluster, plant, warned, day,
                exclude_inspection_id=inspection_id)
        for i, result in results.items():
            fill(measurements[i], result, assessment)
    return assessment


def suggestion(evaluation: Evaluation, *, repeated=frozenset(), repeat_all=False,
               organisation: bool, surcharge_base=None, sampled_on=None) -> dict:
    """The FineSuggestion as stored and served, with the evaluation's per-parameter results.

    The library takes "repeat" for a whole sample; here it applies per parameter: a warning
    that does not repeat is left out of the fine and listed as a warning."""
    results = evaluation.results
    plain_warnings = [] if repeat_all else [
        r for r in results if r.verdict == "warning" and r.parameter not in repeated]
    fined = replace(evaluation, results=tuple(r for r in results if r not in plain_warnings)) \
        if repeated and plain_warnings else evaluation
    repeat = bool(repeat_all or repeated)
    data = suggest_fine(fined, organisation=organisation, repeat=repeat,
                        surcharge_base=surcharge_base, sampled_on=sampled_on).to_dict()
    if fined is not evaluation:
        names = list(dict.fromkeys(r.parameter for r in plain_warnings))
        data["warned_parameters"] = list(dict.fromkeys(data["warned_parameters"] + names))
        data["warnings"] += [msg("%(parameter)s: vượt dưới 1,1 lần, không tái phạm: chỉ cảnh "
                                 "cáo", parameter=p) for p in names]
    over = [r.parameter for r in results if r.verdict == "exceeds"
            or (r.verdict == "warning" and (repeat_all or r.parameter in repeated))]
    data.update(parameters=list(dict.fromkeys(over)),
                repeat_parameters=sorted({r.parameter for r in results if r.verdict == "warning"}
                                         if repeat_all else set(repeated)),
                repeat_rule=REPEAT_RULE if repeat and not repeat_all else None,
                evaluation=evaluation.to_dict())
    return data


def violation_title(assessment: Assessment) -> str | None:
    """'Nước thải vượt QCVN40:2011 cột B: COD ×2,15', or None when no result makes a
    violation."""
    over = assessment.over
    if not over:
        return None
    ev = assessment.evaluation
    over_text = ", ".join(f"{r.name_vi} {_factor(r)}" for r in over)
    return f"Nước thải vượt {ev.standard.code} cột {ev.column}: {over_text}"[:300]


def _factor(result) -> str:
    if result.exceedance_factor is None:  # pH: the value, against its range
        return (f"{vietnamese_number(result.value)} ∉ [{vietnamese_number(result.ph_low)}–"
                f"{vietnamese_number(result.c)}]")
    return f"×{vietnamese_factor(result.exceedance_factor)}"
