"""Evaluate a wastewater sample against a QCVN 40 standard version: pure, no Flask, no database.

For each measurement: Cmax = C x Kq x Kf (C alone where Table 1 says the coefficients do not
apply, and always under a standard with no coefficients, as QCVN 40:2025's loaded table is
read by successor.py), exceedance factor = value / Cmax, and a verdict:

- ``compliant``: value <= Cmax (pH inside the closed range);
- ``warning``: over Cmax but below the upper edge of Decree 45's warning row (1.1x);
- ``exceeds``: at or above that edge; pH outside the range (the result names Decree 45's pH
  band); a radioactivity over C (Art. 19(10) has no warning band);
- ``not_applicable``: a limit the table says does not apply to this receiving water.

Bad input is refused as a whole with an EvaluationError carrying field errors
({"measurements[2].unit": "..."}); nothing is converted silently (no units, no decimal commas).
The errors and warnings are Messages (workflows/engine/messages.py): Vietnamese, said in the
reader's language where they leave workflows.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from workflows.engine.errors import Invalid
from workflows.engine.messages import Message, msg
from workflows.wastewater.standards import (
    PH_MAX, PH_MIN, Coefficient, FlowTier, Standard, UnconfirmedLimitError, UnknownStandardError,
    load_library,
)

RECEIVING_KINDS = ("river", "lake", "sea", "onsite", "urban_drainage_no_wwtp", "unknown")
SEA_KINDS = ("protected", "other")
VERDICT_ORDER = ("not_applicable", "compliant", "warning", "exceeds")


class EvaluationError(Invalid, ValueError):
    """The input cannot be evaluated; ``errors`` maps a field path to a Message."""


# The decimal exponent a measured value, flow or volume may have: 1e-12 (far below any lab's
# detection limit) to just under 1e13 (above the largest lake in m3). Outside it the number is
# a typo or an attack: "1e1000000" overflows the arithmetic and "1e-1000000" is written out as
# a million zeros.
MIN_EXPONENT, MAX_EXPONENT = -12, 12


def to_decimal(value: Any) -> Decimal | None:
    """A finite Decimal from int, Decimal, float or a plain numeric string, of a size a
    measurement can have (zero, or MIN_EXPONENT..MAX_EXPONENT); None otherwise.
    Floats go through repr so that 0.1 stays 0.1. "12,5" is refused, not guessed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        value = value.strip()
    try:
        result = Decimal(value) if isinstance(value, (int, str, Decimal)) else None
    except InvalidOperation:
        return None
    if result is None or not result.is_finite():
        return None
    if result.is_zero():
        return Decimal(0)  # whatever its exponent: "0E-1000000" is plain zero
    return result if MIN_EXPONENT <= result.adjusted() <= MAX_EXPONENT else None


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # "100", not "1E+2"; "0.05", not "0.050"
    return value


def _optional_number(value: Any, name: str) -> Decimal | None:
    # None means "no data" (the standard's no-data rule); anything else must be a number,
    # never silently read as "no data".
    if value is None:
        return None
    number = to_decimal(value)
    if number is None:
        raise ValueError(f"{name}: {value!r} is not a number")
    return number


@dataclass(frozen=True)
class ReceivingWater:
    """Where the discharge goes. River flow in m3/s and lake volume in m3 may be unknown:
    the standard's 'no data' row then applies."""

    kind: str
    flow_m3_s: Decimal | None = None
    volume_m3: Decimal | None = None
    sea_kind: str | None = None  # 'protected' (aquatic life, sports, recreation) | 'other'

    @classmethod
    def river(cls, flow_m3_s=None) -> ReceivingWater:
        return cls("river", flow_m3_s=_optional_number(flow_m3_s, "flow_m3_s"))

    @classmethod
    def lake(cls, volume_m3=None) -> ReceivingWater:
        return cls("lake", volume_m3=_optional_number(volume_m3, "volume_m3"))

    @classmethod
    def sea(cls, sea_kind: str) -> ReceivingWater:
        return cls("sea", sea_kind=sea_kind)

    @classmethod
    def parse(cls, value: Any, errors: dict[str, str]) -> ReceivingWater | None:
        if isinstance(value, ReceivingWater):
            value = value.to_dict()
        if not isinstance(value, Mapping):
            errors["receiving_water"] = msg("cần ghi nguồn tiếp nhận (một đối tượng có 'kind')")
            return None
        kind = str(value.get("kind") or "").strip().lower()
        if kind not in RECEIVING_KINDS:
            errors["receiving_water.kind"] = msg("phải là một trong: %(values)s",
                                                 values=", ".join(RECEIVING_KINDS))
            return None
        numbers = {}
        for name in ("flow_m3_s", "volume_m3"):
            raw = value.get(name)
            if raw is None or raw == "":
                numbers[name] = None
                continue
            number = to_decimal(raw)
            if number is None or number < 0:
                errors[f"receiving_water.{name}"] = msg("phải là một số, từ 0 trở lên")
            numbers[name] = number
        sea_kind = value.get("sea_kind")
        if kind == "sea" and sea_kind not in SEA_KINDS:
            errors["receiving_water.sea_kind"] = msg(
                "nguồn tiếp nhận là biển cần ghi loại vùng biển (sea_kind), một trong: %(values)s",
                values=", ".join(SEA_KINDS))
        return cls(kind, numbers["flow_m3_s"], numbers["volume_m3"], sea_kind if kind == "sea" else None)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "flow_m3_s": jsonable(self.flow_m3_s),
            "volume_m3": jsonable(self.volume_m3),
            "sea_kind": self.sea_kind,
        }


@dataclass(frozen=True)
class Measurement:
    parameter: str
    value: Any
    unit: str | None = None


@dataclass(frozen=True)
class AppliedCoefficient:
    name: str  # 'kq' | 'kf'
    value: Decimal
    confirmed: bool
    rule: str
    source: str

    @classmethod
    def of(cls, row: Coefficient, value: Decimal | None = None, rule: str | None = None):
        return cls(row.name, value if value is not None else row.effective_value,
                   row.confirmed, rule or row.describe(), row.source)

    def to_dict(self) -> dict:
        return {"name": self.name, "value": jsonable(self.value), "confirmed": self.confirmed,
                "rule": self.rule, "source": self.source}


@dataclass(frozen=True)
class PhBand:
    """The Decree 45 pH band a reading falls in (Art. 19 cl. 7-9 in the 2022 text)."""

    article: int
    clause: int
    side: str  # acid | alkaline

    def to_dict(self) -> dict:
        return {"article": self.article, "clause": self.clause, "side": self.side}


@dataclass(frozen=True)
class ParameterResult:
    index: int  # position in the input list
    parameter: str
    name_vi: str
    name_en: str
    unit: str
    value: Decimal
    basis: str  # exceedance_factor | ph | radioactive
    nd45_article: int
    hazardous: bool
    c: Decimal  # Table 1's value (pH: the upper limit)
    ph_low: Decimal | None
    kq: Decimal | None  # None where the coefficients do not apply
    kf: Decimal | None
    cmax: Decimal
    exceedance_factor: Decimal | None  # None for pH
    ph_band: PhBand | None
    verdict: str
    # Computed with a candidate Kq/Kf nobody has checked, or with a limit not read from the
    # standard's official text (limit_verification).
    unconfirmed: bool
    notes: tuple[str, ...] = ()
    flow_tier: FlowTier | None = None  # the tier of the limit used, where the limit has one
    limit_verification: str | None = None  # None: Table 1, whose empty cells are refused

    def to_dict(self) -> dict:
        data = {k: jsonable(getattr(self, k)) for k in (
            "index", "parameter", "name_vi", "name_en", "unit", "value", "basis", "nd45_article",
            "hazardous", "c", "ph_low", "kq", "kf", "cmax", "exceedance_factor", "verdict",
            "unconfirmed", "limit_verification")}
        data["ph_band"] = self.ph_band.to_dict() if self.ph_band else None
        data["flow_tier"] = {k: jsonable(v) for k, v in self.flow_tier.to_dict().items()} \
            if self.flow_tier else None
        data["notes"] = list(self.notes)
        return data


@dataclass(frozen=True)
class Evaluation:
    standard: Standard
    column: str
    receiving_water: ReceivingWater
    discharge_flow_m3_day: Decimal
    kq: AppliedCoefficient | None  # None: the standard has no coefficients
    kf: AppliedCoefficient | None
    results: tuple[ParameterResult, ...]
    warnings: tuple[Message, ...]
    # Those of ``warnings`` that say a Kq/Kf or a limit is unconfirmed, which kq, kf and each
    # result's limit_verification say too: a page saying it from those leaves these out.
    unconfirmed_warnings: tuple[Message, ...] = ()

    @property
    def verdict(self) -> str:
        return max((r.verdict for r in self.results), key=VERDICT_ORDER.index, default="compliant")

    @property
    def unconfirmed(self) -> bool:
        return any(r.unconfirmed for r in self.results)

    def to_dict(self) -> dict:
        return {
            "standard": self.standard.code,
            "column": self.column,
            "receiving_water": self.receiving_water.to_dict(),
            "discharge_flow_m3_day": jsonable(self.discharge_flow_m3_day),
            "kq": self.kq.to_dict() if self.kq else None,
            "kf": self.kf.to_dict() if self.kf else None,
            "verdict": self.verdict,
            "unconfirmed": self.unconfirmed,
            "results": [r.to_dict() for r in self.results],
            "warnings": list(self.warnings),
            "unconfirmed_warnings": list(self.unconfirmed_warnings),
        }


def _select_kq(standard: Standard, water: ReceivingWater, errors: dict, warnings: list):
    rows = [r for r in standard.kq if r.receiving_body == water.kind]
    if water.kind == "unknown":
        # The body itself is unknown: take the strictest of the standard's 'no data' rows.
        bodies_with_bounds = {r.receiving_body for r in standard.kq if r.bounded}
        no_data = [r for r in standard.kq if not r.bounded and r.receiving_body in bodies_with_bounds]
        if not no_data:
            errors["receiving_water.kind"] = msg(
                "%(standard)s không có quy định hệ số Kq khi không có số liệu về nguồn tiếp nhận",
                standard=standard.code)
            return None
        row = min(no_data, key=lambda r: r.effective_value)
        warnings.append(msg("Chưa rõ nguồn tiếp nhận: áp dụng hệ số chặt nhất trong các trường "
                            "hợp không có số liệu, %(rule)s = %(value)s",
                            rule=row.describe(), value=row.effective_value))
        return AppliedCoefficient.of(row, rule=f"unknown receiving water -> {row.describe()}")
    measure = {"river": water.flow_m3_s, "lake": water.volume_m3}.get(water.kind)
    if water.kind == "sea":
        rows = [r for r in rows if r.sea_kind == water.sea_kind]
    elif water.kind in ("river", "lake"):
        rows = [r for r in rows if not r.bounded] if measure is None else [r for r in rows if r.bounded and r.covers(measure)]
    if len(rows) != 1:
        errors["receiving_water"] = msg(
            "%(standard)s không có đúng một quy định hệ số Kq cho nguồn tiếp nhận này (%(kind)s)",
            standard=standard.code, kind=water.kind)
        return None
    return AppliedCoefficient.of(rows[0])


def _select_kf(standard: Standard, water: ReceivingWater, flow: Decimal, errors: dict):
    own = [r for r in standard.kf if r.receiving_body == water.kind]
    rows = own or [r for r in standard.kf if r.receiving_body == "none" and r.covers(flow)]
    if len(rows) != 1:
        errors["discharge_flow_m3_day"] = msg(
            "%(standard)s không có đúng một quy định hệ số Kf cho lưu lượng xả thải này",
            standard=standard.code)
        return None
    return AppliedCoefficient.of(rows[0])


def _required_column(standard: Standard, water: ReceivingWater) -> str | None:
    # QCVN 40 cl. 2.1.3: urban drainage with no central plant must meet column B. The
    # Kq row's condition says which column, so a new standard can say otherwise.
    for row in standard.kq:
        if row.receiving_body == water.kind:
            match = re.search(r"column ([AB])\b", row.condition)
            if match:
                return match[1]
    return None


# The same unit as laboratories write it: Table 1 counts coliform bacteria per 100 ml, and a
# lab reports the count as MPN (most probable number) or CFU (colony-forming units).
UNIT_ALIASES = {"vi khuẩn/100ml": ("mpn/100ml", "cfu/100ml")}


def unit_accepted(param, unit: Any) -> bool:
    given = "" if unit is None else str(unit).strip().casefold().replace(" ", "")
    own = param.unit.strip().casefold()
    return given == own.replace(" ", "") or given in UNIT_ALIASES.get(own, ()) or (
        param.dimensionless and given in ("", "-"))


def _unit_error(param, unit: Any) -> Message | None:
    given = "" if unit is None else str(unit).strip()
    if unit_accepted(param, unit):
        return None
    if not given:
        return msg("chưa ghi đơn vị: quy chuẩn tính %(parameter)s theo %(unit)s; nhập giá trị "
                   "theo %(unit)s (không quy đổi đơn vị)", parameter=param.key, unit=param.unit)
    return msg("đơn vị “%(given)s” không phải %(unit)s, đơn vị quy chuẩn dùng cho %(parameter)s; "
               "nhập giá trị theo %(unit)s (không quy đổi đơn vị)",
               given=given, unit=param.unit, parameter=param.key)


def _measurement(raw: Any) -> Measurement | None:
    if isinstance(raw, Measurement):
        return raw
    if isinstance(raw, Mapping):
        return Measurement(raw.get("parameter") or raw.get("parameter_key") or "", raw.get("value"), raw.get("unit"))
    if isinstance(raw, (tuple, list)) and len(raw) in (2, 3):
        return Measurement(*raw)
    return None


def _ph_band(standard: Standard, param, ph: Decimal, low: Decimal, high: Decimal) -> PhBand | None:
    for row in standard.penalties.rows(param.nd45_article, "ph"):
        side = row.ph_side(ph, low, high)
        if side:
            return PhBand(row.article, row.clause, side)
    return None


def _evaluate_one(i, param, value, standard, column, water, kq, kf) -> ParameterResult:
    limit = param.limit(column, standard.code)
    notes: list[str] = []
    factor = band = None
    if param.applies_kq_kf:
        cmax, used_kq, used_kf = limit.high * kq.value * kf.value, kq.value, kf.value
        unconfirmed = not (kq.confirmed and kf.confirmed)
    else:
        cmax, used_kq, used_kf, unconfirmed = limit.high, None, None, False
    unconfirmed = unconfirmed or not param.verified
    if param.basis == "ph":
        verdict = "compliant" if limit.low <= value <= limit.high else "exceeds"
        if verdict == "exceeds":
            band = _ph_band(standard, param, value, limit.low, limit.high)
    else:
        factor = value / cmax
        if factor <= 1:
            verdict = "compliant"
        elif param.basis == "radioactive":
            verdict = "exceeds"
        else:
            warning = standard.penalties.warning_row(param.nd45_article)
            verdict = "warning" if factor < warning.exceed_max else "exceeds"
    if param.not_for_saline_water:
        if water.kind == "sea":
            verdict, notes = "not_applicable", [f"{param.key}: {param.note}"]
        else:
            notes.append(f"{param.key}: {param.note}")
    return ParameterResult(
        index=i, parameter=param.key, name_vi=param.name_vi, name_en=param.name_en,
        unit=param.unit, value=value, basis=param.basis, nd45_article=param.nd45_article,
        hazardous=param.hazardous, c=limit.high, ph_low=limit.low, kq=used_kq, kf=used_kf,
        cmax=cmax, exceedance_factor=factor, ph_band=band, verdict=verdict,
        unconfirmed=unconfirmed, notes=tuple(notes), flow_tier=param.flow_tier,
        limit_verification=param.verification,
    )


def evaluate(standard: str | Standard, column: str, receiving_water: ReceivingWater | Mapping,
             discharge_flow_m3_day: Any, measurements: Iterable[Any]) -> Evaluation:
    """Evaluate ``measurements`` (Measurement, {"parameter","value","unit"} or tuples) taken
    from a discharge of ``discharge_flow_m3_day`` (Decree 45 Art. 7(4): the 24 h total)."""
    errors: dict[str, Message] = {}
    warnings: list[Message] = []
    if not isinstance(standard, Standard):
        try:
            standard = load_library().get(standard)
        except UnknownStandardError as exc:
            raise EvaluationError({"standard": exc.message}) from None
    column = str(column or "").strip().upper()
    if column not in standard.columns:
        errors["column"] = msg("phải là một trong: %(values)s", values=", ".join(standard.columns))
    flow = to_decimal(discharge_flow_m3_day)
    if flow is None or flow < 0:
        errors["discharge_flow_m3_day"] = msg("lưu lượng xả thải phải là một số (m3/ngày), từ 0 "
                                              "trở lên")
    water = ReceivingWater.parse(receiving_water, errors)
    kq = kf = None
    if water is not None and not errors and standard.has_coefficients:
        kq = _select_kq(standard, water, errors, warnings)
        kf = _select_kf(standard, water, flow, errors)
        required = _required_column(standard, water)
        if required and column != required:
            errors["column"] = msg("nguồn tiếp nhận này (%(kind)s) được đánh giá theo cột "
                                   "%(column)s (%(standard)s)", kind=water.kind,
                                   column=required, standard=standard.code)
    parsed = []
    for i, raw in enumerate(measurements or ()):
        where = f"measurements[{i}]"
        m = _measurement(raw)
        if m is None:
            errors[where] = msg("cần có thông số, giá trị và đơn vị (parameter, value, unit)")
            continue
        refusal = standard.refusal(str(m.parameter or ""))
        if refusal is not None:
            errors[f"{where}.parameter"] = refusal.message
            continue
        param = standard.parameter(str(m.parameter or ""))
        if param is None:
            errors[f"{where}.parameter"] = msg("“%(parameter)s” không phải thông số của "
                                               "%(standard)s", parameter=m.parameter,
                                               standard=standard.code)
            continue
        value = to_decimal(m.value)
        if value is None:
            errors[f"{where}.value"] = msg("“%(value)s” không phải là số (dùng dấu chấm '.' "
                                           "làm dấu thập phân)", value=m.value)
        elif value < 0:
            errors[f"{where}.value"] = msg("không được là số âm")
        elif param.basis == "ph" and not PH_MIN <= value <= PH_MAX:
            errors[f"{where}.value"] = msg("pH phải nằm trong khoảng từ %(low)s đến %(high)s",
                                           low=PH_MIN, high=PH_MAX)
        unit_error = _unit_error(param, m.unit)
        if unit_error:
            errors[f"{where}.unit"] = unit_error
        if column in standard.columns:
            try:
                param.limit(column, standard.code)
            except UnconfirmedLimitError as exc:
                errors[f"{where}.parameter"] = exc.message
        parsed.append((i, param, value))
    if not parsed and not errors:
        errors["measurements"] = msg("cần ít nhất một kết quả đo")
    if errors:
        raise EvaluationError(errors)
    results = tuple(_evaluate_one(i, p, v, standard, column, water, kq, kf) for i, p, v in parsed)
    unconfirmed = []
    unverified = [c for c in (kq, kf) if c is not None and not c.confirmed]
    if unverified and any(r.kq is not None for r in results):
        unconfirmed.append(msg(
            "Chưa xác nhận: %(coefficients)s: giá trị dự kiến, chưa được đối chiếu với văn bản "
            "chính thức của quy chuẩn",
            coefficients="; ".join(f"{c.rule} = {c.value}" for c in unverified)))
    for param in dict.fromkeys(p for _, p, _ in parsed if not p.verified):
        unconfirmed.append(msg(
            "Chưa xác nhận: %(parameter)s: giới hạn theo %(standard)s (cột %(column)s, %(tier)s) "
            "chưa được đọc từ văn bản chính thức của quy chuẩn (mức xác minh: %(verification)s; "
            "nguồn: %(source)s)", parameter=param.key, standard=standard.code, column=column,
            tier=param.flow_tier.describe() if param.flow_tier else msg("mọi lưu lượng"),
            verification=param.verification, source=param.source))
    return Evaluation(standard, column, water, flow, kq, kf, results,
                      tuple(warnings + unconfirmed), tuple(unconfirmed))
