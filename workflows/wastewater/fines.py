"""Suggest a sanction under Decree 45/2022/NĐ-CP for an evaluated wastewater sample.

The product suggests; an authorised official decides. Every FineSuggestion says so
(``is_suggestion``, ``label``), cites the article, clause and point, and lists the readings it
took where the text is ambiguous (SOURCES.md sections 3-4):

- Art. 7(2): each parameter counts once, at its worst measurement.
- Art. 7(3): the parameter whose violation carries the highest fine is the violation chosen;
  on a tie, the hazardous one. Every other exceeding parameter adds a surcharge.
- Surcharge bands: each additional parameter uses its own article's bands (not stated).
- Surcharge base: ``fine_of_violation_chosen`` (the CSV's reading, the default: the percentage
  of the chosen range, min and max) or ``top_of_range`` (of its maximum). The caller chooses.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from workflows.engine.messages import Message, msg
from workflows.wastewater.fine_readings import (
    BASE_READINGS, COUNTED_ONCE, OWN_BANDS, PH_BY_BAND, REPEAT_BAND, WHY_HAZARDOUS, WHY_LARGER,
    crime_note, lower_band_note, radioactive_surcharge_note, tie_note, warned_note)
from workflows.wastewater.standards import FineRow, Penalties, StandardsDataError, SurchargeRow
from workflows.wastewater.evaluation import Evaluation, ParameterResult, jsonable

SURCHARGE_BASES = ("fine_of_violation_chosen", "top_of_range")
# Law on Handling Administrative Violations Art. 6(1)(a): 2 years for environmental
# offences, counted for wastewater from the day the sample was taken (REFERENCE.md).
LIMITATION_YEARS = 2
LABEL = ("Gợi ý, không phải quyết định xử phạt: người có thẩm quyền xem xét và quyết định. "
         "Suggestion only, not a penalty decision: an authorised official confirms or changes it.")
# Labels for the tokens of the fines table's supplementary_sanction column (Art. 18(8), 19(12)).
# Messages: a violation keeps the Vietnamese, a page says each in its reader's language.
SANCTION_TEXT = {
    "suspend_source_3_6_months":
        msg("Đình chỉ hoạt động của nguồn phát sinh chất thải từ 03 đến 06 tháng"),
    "revoke_permit_6_12_months_or_suspend_facility_6_12_months":
        msg("Tước quyền sử dụng giấy phép môi trường hoặc đình chỉ hoạt động của cơ sở từ 06 "
            "đến 12 tháng"),
}


class FineDataError(StandardsDataError):
    """The penalty tables do not give exactly one row for a case they should cover."""


def citation(article: int, clause: int, point: str | None = None) -> Message:
    """'Điểm c khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP' (no point: 'Khoản 10 Điều 19 ...'),
    a Message: stored, the Vietnamese; on a page, said in the reader's language."""
    if point:
        return msg("Điểm %(point)s khoản %(clause)s Điều %(article)s Nghị định 45/2022/NĐ-CP",
                   point=point, clause=clause, article=article)
    return msg("Khoản %(clause)s Điều %(article)s Nghị định 45/2022/NĐ-CP", clause=clause,
               article=article)


def limitation_expires_on(sampled_on: date) -> date:
    """The last day a wastewater offence sampled on ``sampled_on`` can be fined. A period
    counted in years ends on the same day; 29 February falls back to the 28th."""
    year = sampled_on.year + LIMITATION_YEARS
    try:
        return sampled_on.replace(year=year)
    except ValueError:
        return sampled_on.replace(year=year, day=28)


def _one(rows: list, what: str):
    if len(rows) != 1:
        raise FineDataError(f"{what}: expected one row in the fines table, found {len(rows)}")
    return rows[0]


def fine_row_for(penalties: Penalties, result: ParameterResult, flow: Decimal,
                 repeat: bool = False) -> FineRow | None:
    """The Decree 45 point for one result, or None if it carries no fine (a warning
    without ``repeat``, or compliant)."""
    article, what = result.nd45_article, f"{result.parameter} at {flow} m3/day"
    if result.verdict == "warning":
        if not repeat:
            return None
        # A repeat under 1.1x is fined under the band that starts where the warning ends.
        edge = penalties.warning_row(article).exceed_max
        rows = penalties.rows(article, "exceedance_factor")
        return _one([r for r in rows if r.exceed_min == edge and r.flow_tier.covers(flow)], what)
    if result.verdict != "exceeds":
        return None
    rows = penalties.rows(article, result.basis)
    if result.basis == "ph":
        return _one([r for r in rows if r.clause == result.ph_band.clause and r.flow_tier.covers(flow)], what)
    if result.basis == "radioactive":
        return _one(list(rows), what)
    return _one([r for r in rows if r.covers_factor(result.exceedance_factor) and r.flow_tier.covers(flow)], what)


def surcharge_row_for(penalties: Penalties, result: ParameterResult) -> SurchargeRow | None:
    """Art. 18(7) / 19(11) row for one more exceeding parameter, on its own article's bands.
    None under 1.1x: no band is listed there."""
    rows = [s for s in penalties.surcharges if s.article == result.nd45_article]
    if result.basis == "ph":
        found = [s for s in rows if s.covers_ph(result.value, result.ph_low, result.c)]
    else:
        found = [s for s in rows if s.covers_factor(result.exceedance_factor)]
    return found[0] if found else None


@dataclass(frozen=True)
class Surcharge:
    parameter: str
    article: int
    clause: int
    pct: int
    amount_min_vnd: int
    amount_max_vnd: int
    citation: str

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class FineSuggestion:
    sanction: str  # 'none' | 'warning' | 'fine'
    standard: str
    column: str
    offender: str  # 'individual' | 'organisation'
    flow_m3_day: Decimal
    parameter: str | None = None  # the violation chosen (Art. 7(3))
    hazardous: bool | None = None
    exceedance_factor: Decimal | None = None
    ph: Decimal | None = None
    article: int | None = None
    clause: int | None = None
    point: str | None = None
    citation: str = ""
    band: dict | None = None  # {"basis", "min", "max"} as the table writes it
    flow_tier: dict | None = None  # {"min", "max"} m3/day; max None = open-ended
    fine_min_vnd: int | None = None
    fine_max_vnd: int | None = None
    surcharge_base: str | None = None
    surcharges: tuple[Surcharge, ...] = ()
    total_min_vnd: int | None = None
    total_max_vnd: int | None = None
    cap_vnd: int | None = None
    capped: bool = False
    supplementary_sanction: str | None = None
    supplementary_sanction_text: str | None = None
    warned_parameters: tuple[str, ...] = ()
    unconfirmed: bool = False
    # Messages (workflows/engine/messages.py): Vietnamese as stored, said in the reader's
    # language where a suggestion is served on request.
    warnings: tuple[Message, ...] = ()
    readings: tuple[Message, ...] = ()
    limitation_expires_on: date | None = None
    is_suggestion: bool = field(default=True, init=False)
    label: str = field(default=LABEL, init=False)

    def to_dict(self) -> dict:
        data = {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}
        data["surcharges"] = [s.to_dict() for s in self.surcharges]
        for key in ("warned_parameters", "warnings", "readings"):
            data[key] = list(data[key])
        if self.limitation_expires_on:
            data["limitation_expires_on"] = self.limitation_expires_on.isoformat()
        return data


def _pct(pct: int, amount: int) -> int:
    return int((Decimal(pct) * amount / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _band(row: FineRow, result: ParameterResult) -> dict:
    if row.basis == "ph":
        bounds = row.ph_acid if result.ph_band.side == "acid" else row.ph_alkaline
        return {"basis": "ph", "side": result.ph_band.side, "min": bounds[0], "max": bounds[1]}
    return {"basis": row.basis, "min": jsonable(row.exceed_min), "max": jsonable(row.exceed_max)}


def _higher_lower_bands(penalties: Penalties, row: FineRow, flow: Decimal) -> list[Message]:
    """Lower bands of the same article whose fine at this flow is not below this one's:
    Art. 19(6) does this above a few hundred m3/day. Never assume fines grow with the band."""
    if row.basis != "exceedance_factor" or row.exceed_min is None:
        return []
    return [
        lower_band_note(citation(r.article, r.clause, r.point), r.exceed_min, r.exceed_max,
                        (r.fine_min, r.fine_max), (row.fine_min, row.fine_max))
        for r in penalties.rows(row.article, row.basis)
        if r.exceed_min is not None and r.exceed_min < row.exceed_min and r.flow_tier.covers(flow)
        and r.fine_max >= row.fine_max
    ]


def _crime_note(penalties: Penalties, row: FineRow, cited: str) -> Message:
    """The point applies unless the act is a crime; Art. 19(6) also stops its flow tiers
    early ("300 m3/day and over"): then say what follows."""
    tiers = Counter(r.clause for r in penalties.rows(row.article, row.basis))
    if tiers[row.clause] >= max(tiers.values()):
        return crime_note(cited)
    return crime_note(cited, max(r.flow_tier.low for r in penalties.rows(row.article, row.basis)
                                 if r.clause == row.clause))


def _choose(candidates: list[tuple[ParameterResult, FineRow]]):
    """Art. 7(3): highest fine, tie -> hazardous; then the larger exceedance, then input order."""
    def key(item):
        result, row = item
        return (row.fine_max, row.fine_min, result.hazardous, result.exceedance_factor or 0, -result.index)
    return max(candidates, key=key)


def _worst_per_parameter(candidates):
    """Art. 7(2): one parameter is one breach, at its highest measured value."""
    best: dict[str, tuple[ParameterResult, FineRow]] = {}
    for result, row in candidates:
        held = best.get(result.parameter)
        if held is None or (row.fine_max, row.fine_min, result.value) > (held[1].fine_max, held[1].fine_min, held[0].value):
            best[result.parameter] = (result, row)
    return list(best.values())


def _surcharges(penalties: Penalties, candidates, chosen: ParameterResult, fine: tuple[int, int],
                base: str, readings: list[Message]) -> tuple[Surcharge, ...]:
    """Art. 18(7) / 19(11): each exceeding parameter other than the chosen one adds its
    band's percentage of the base (``fine``: the chosen range, min and max)."""
    low, high = fine if base == "fine_of_violation_chosen" else (fine[1], fine[1])
    found = []
    for result, _ in candidates:
        s = None if result is chosen else surcharge_row_for(penalties, result)
        if s is None:  # the chosen one, or under 1.1x (a repeat): no surcharge band
            continue
        found.append(Surcharge(result.parameter, s.article, s.clause, s.pct, _pct(s.pct, low),
                               _pct(s.pct, high), citation(s.article, s.clause)))
        if result.basis == "radioactive":
            readings.append(radioactive_surcharge_note(result.parameter, s.article, s.clause))
    if found:
        readings.append(OWN_BANDS)
    readings.append(BASE_READINGS[base])
    return tuple(found)


def suggest_fine(evaluation: Evaluation, *, organisation: bool = False, repeat: bool = False,
                 surcharge_base: str | None = None, sampled_on: date | None = None) -> FineSuggestion:
    """The suggested sanction for ``evaluation``. ``repeat``: a repeat or multiple violation,
    which clause 2 fines even under 1.1x. ``surcharge_base``: one of SURCHARGE_BASES, default
    the table's own reading."""
    penalties = evaluation.standard.penalties
    base = surcharge_base or penalties.default_surcharge_base
    if base not in SURCHARGE_BASES:
        raise ValueError(f"surcharge_base must be one of {', '.join(SURCHARGE_BASES)}")
    flow = evaluation.discharge_flow_m3_day
    warnings = list(evaluation.warnings)
    readings = [COUNTED_ONCE]
    common = dict(
        standard=evaluation.standard.code, column=evaluation.column, flow_m3_day=flow,
        offender="organisation" if organisation else "individual", unconfirmed=evaluation.unconfirmed,
        limitation_expires_on=limitation_expires_on(sampled_on) if sampled_on else None,
    )
    candidates = [(r, row) for r in evaluation.results if (row := fine_row_for(penalties, r, flow, repeat))]
    warned = tuple(dict.fromkeys(r.parameter for r in evaluation.results
                                 if r.verdict == "warning" and not repeat))
    if repeat and any(r.verdict == "warning" for r in evaluation.results):
        readings.append(REPEAT_BAND)
    if not candidates:
        if not warned:
            return FineSuggestion(sanction="none", warnings=tuple(warnings), readings=tuple(readings), **common)
        result = max((r for r in evaluation.results if r.verdict == "warning"),
                     key=lambda r: (r.hazardous, r.exceedance_factor))
        row = penalties.warning_row(result.nd45_article)
        return FineSuggestion(
            sanction="warning", parameter=result.parameter, hazardous=result.hazardous,
            exceedance_factor=result.exceedance_factor, article=row.article, clause=row.clause,
            citation=citation(row.article, row.clause), band=_band(row, result),
            warned_parameters=warned, warnings=tuple(warnings), readings=tuple(readings), **common,
        )
    candidates = _worst_per_parameter(candidates)
    # Art. 7(2): a parameter counts once, at its worst measurement; one fined above the
    # warning band is not also "a warning only" because another sample of it was lower.
    fined = {r.parameter for r, _ in candidates}
    warned = tuple(p for p in warned if p not in fined)
    chosen, row = _choose(candidates)
    ties = [r for r, w in candidates if r is not chosen and (w.fine_max, w.fine_min) == (row.fine_max, row.fine_min)]
    if ties:
        why = WHY_HAZARDOUS if chosen.hazardous and not any(r.hazardous for r in ties) else WHY_LARGER
        readings.append(tie_note(chosen.parameter, ", ".join(r.parameter for r in ties), why))
    fine_min, fine_max = row.amounts(organisation)
    surcharges = _surcharges(penalties, candidates, chosen, (fine_min, fine_max), base, readings)
    caps = {(s.cap_org if organisation else s.cap_individual)
            for s in penalties.surcharges if s.article == row.article}
    if len(caps) != 1:
        raise FineDataError(f"article {row.article}: expected one cap, found {sorted(caps)}")
    (cap,) = caps
    raw_min = fine_min + sum(s.amount_min_vnd for s in surcharges)
    raw_max = fine_max + sum(s.amount_max_vnd for s in surcharges)
    cited = citation(row.article, row.clause, row.point)
    if "environmental crime" in row.note:
        warnings.append(_crime_note(penalties, row, cited))
    warnings.extend(_higher_lower_bands(penalties, row, flow))
    articles = {r.parameter: r.nd45_article for r in evaluation.results}
    warnings.extend(warned_note(p, penalties.warning_row(articles[p]).exceed_max) for p in warned)
    if chosen.basis == "ph":
        readings.append(PH_BY_BAND)
    return FineSuggestion(
        sanction="fine", parameter=chosen.parameter, hazardous=chosen.hazardous,
        exceedance_factor=chosen.exceedance_factor, ph=chosen.value if chosen.basis == "ph" else None,
        article=row.article, clause=row.clause, point=row.point, citation=cited, band=_band(row, chosen),
        flow_tier=None if row.basis == "radioactive" else {"min": jsonable(row.flow_tier.low),
                                                           "max": jsonable(row.flow_tier.high)},
        fine_min_vnd=fine_min, fine_max_vnd=fine_max, surcharge_base=base, surcharges=surcharges,
        total_min_vnd=min(raw_min, cap), total_max_vnd=min(raw_max, cap), cap_vnd=cap,
        capped=raw_max > cap, supplementary_sanction=row.supplementary_sanction,
        supplementary_sanction_text=SANCTION_TEXT.get(row.supplementary_sanction, row.supplementary_sanction),
        warned_parameters=warned, warnings=tuple(warnings), readings=tuple(readings), **common,
    )
