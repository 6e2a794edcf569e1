"""QCVN 40:2025's loaded limit table read as a Standard, so that the one evaluation engine
(evaluation.evaluate) takes it as it takes QCVN 40:2011's Table 1.

The 2025 table gives limits by column (A, B, C: their meaning is not confirmed) and by
discharge-flow tier, per row whether a coefficient multiplies the value, and how the row was
read. For one plant, its 2025 column and its discharge flow pick one row per parameter; what
the table does not say is never filled in:

- a row with a sector_scope applies only to a plant of that sector: plants record none, so
  a parameter with only such rows is refused, named;
- ``coefficients_apply`` true or unknown: refused (2025's coefficients were not found;
  QCVN 40:2011's Kq/Kf are never applied in their place); false: the limit as it is;
- the Decree 45 article, whether the parameter is hazardous and its English name come from
  the QCVN 40:2011 row of the same key (keys are reused so histories compare); a parameter
  with no 2011 counterpart is refused, its article being unknown;
- a row not read from the official text marks its results unconfirmed.

Pure: rows in, a Standard out."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from workflows.engine.messages import msg
from workflows.wastewater.binding import LIMIT_COLUMNS, LimitRow, Transition
from workflows.wastewater.standards import Limit, Parameter, Refusal, Standard

# How Decree 45 measures a breach (Parameter.basis), in words.
BASES = {"ph": msg("khoảng giá trị pH"), "exceedance_factor": msg("hệ số vượt"),
         "radioactive": msg("hoạt độ phóng xạ")}


def successor_standard(transition: Transition, rows: Iterable[LimitRow], column: str,
                       flow: Decimal | None, predecessor: Standard) -> Standard:
    """The successor's limits for a plant evaluated on ``column`` discharging ``flow``
    m3/day (None: not recorded), as a Standard of that one column with no coefficients.
    Each parameter of the table is either a Parameter or a Refusal saying why not."""
    if column not in LIMIT_COLUMNS:
        raise ValueError(f"column must be one of {', '.join(LIMIT_COLUMNS)}")
    code = transition.successor
    by_key: dict[str, list[LimitRow]] = {}
    for row in rows:
        if row.standard == code:
            by_key.setdefault(row.parameter_key, []).append(row)
    parameters, refusals = [], []
    for key, own in by_key.items():
        found = _parameter(key, own, column, flow, predecessor, code)
        (parameters if isinstance(found, Parameter) else refusals).append(found)
    return Standard(
        code=code, title_vi=code, title_en=code, effective_from=transition.in_force_from,
        superseded_on=None, source=transition.source, parameters=tuple(parameters), kq=(),
        kf=(), penalties=predecessor.penalties, columns=(column,), refusals=tuple(refusals))


def _parameter(key: str, rows: list[LimitRow], column: str, flow: Decimal | None,
               predecessor: Standard, code: str) -> Parameter | Refusal:
    general = [r for r in rows if not r.sector_scope]
    if not general:
        sectors = ", ".join(sorted({r.sector_scope for r in rows}))
        return Refusal(key, "sector_only", msg(
            "%(parameter)s: %(standard)s chỉ quy định giới hạn cho một số ngành (%(sectors)s); "
            "hồ sơ trạm không ghi ngành nên không áp dụng giới hạn nào",
            parameter=key, standard=code, sectors=sectors))
    in_column = [r for r in general if r.column == column]
    if not in_column:
        given = ", ".join(sorted({r.column for r in general}))
        return Refusal(key, "no_column", msg(
            "%(parameter)s: %(standard)s không quy định giới hạn cột %(column)s (chỉ có cột "
            "%(given)s)", parameter=key, standard=code, column=column, given=given))
    covering = [r for r in in_column if r.flow_tier.covers(flow)]
    if len(covering) != 1:  # the loader refuses overlapping tiers, so none covers the flow
        tiers = "; ".join(r.flow_tier.bounds() for r in in_column)
        if flow is None:
            return Refusal(key, "no_flow", msg(
                "%(parameter)s: giới hạn cột %(column)s của %(standard)s tùy theo lưu lượng xả "
                "thải (%(tiers)s m3/ngày) mà hồ sơ trạm chưa ghi lưu lượng xả thải (m3/ngày)",
                parameter=key, standard=code, column=column, tiers=tiers))
        return Refusal(key, "no_tier", msg(
            "%(parameter)s: không bậc lưu lượng nào của %(standard)s cột %(column)s chứa lưu "
            "lượng xả thải %(flow)s m3/ngày (%(tiers)s m3/ngày)",
            parameter=key, standard=code, column=column, flow=flow, tiers=tiers))
    row = covering[0]
    if row.coefficients_apply == "true":
        return Refusal(key, "coefficients_not_found", msg(
            "%(parameter)s: theo %(standard)s, giới hạn này phải nhân hệ số nhưng chưa tìm thấy "
            "hệ số của %(standard)s, nên chưa đánh giá (không dùng Kq, Kf của %(predecessor)s "
            "thay thế)", parameter=key, standard=code, predecessor=predecessor.code))
    if row.coefficients_apply != "false":
        return Refusal(key, "coefficients_unknown", msg(
            "%(parameter)s: chưa rõ giới hạn theo %(standard)s có phải nhân hệ số hay không "
            "(coefficients_apply: %(rule)s), nên chưa đánh giá (không dùng Kq, Kf của "
            "%(predecessor)s thay thế)", parameter=key, standard=code,
            rule=row.coefficients_apply, predecessor=predecessor.code))
    old = predecessor.parameter(key)
    if old is None:
        return Refusal(key, "no_predecessor", msg(
            "%(parameter)s: thông số của %(standard)s không có trong %(predecessor)s nên chưa rõ "
            "điều của Nghị định 45 xử phạt (và có phải thông số nguy hại hay không), chưa đánh "
            "giá", parameter=key, standard=code, predecessor=predecessor.code))
    limit = Limit(high=row.limit_value) if row.limit_value is not None else \
        Limit(low=row.limit_min, high=row.limit_max)
    parameter = Parameter(
        key=key, name_vi=row.name_vi or old.name_vi, name_en=old.name_en, unit=row.unit,
        limit_a=limit if column == "A" else None, limit_b=limit if column == "B" else None,
        limit_c=limit if column == "C" else None, applies_kq_kf=False,
        hazardous=old.hazardous, nd45_article=old.nd45_article,
        stt=int(row.stt) if row.stt.isdigit() else 0, note=row.note, source=row.source,
        flow_tier=row.flow_tier, verification=row.verification)
    if parameter.basis != old.basis:
        shape = msg("một khoảng") if limit.is_range else msg("một giá trị tối đa")
        return Refusal(key, "basis", msg(
            "%(parameter)s: giới hạn theo %(standard)s là %(shape)s (%(unit)s), còn Nghị định 45 "
            "xử phạt %(parameter)s theo %(basis)s (%(old_unit)s) như theo %(predecessor)s: hai "
            "cách không khớp nhau nên chưa đánh giá", parameter=key, standard=code, shape=shape,
            unit=parameter.unit or "-", basis=BASES[old.basis], old_unit=old.unit,
            predecessor=predecessor.code))
    return parameter

