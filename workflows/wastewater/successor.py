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

from workflows.wastewater.binding import LIMIT_COLUMNS, LimitRow, Transition
from workflows.wastewater.standards import FlowTier, Limit, Parameter, Refusal, Standard


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
        return Refusal(key, "sector_only", (
            f"{key}: {code} gives its limits only for sectors ({sectors}); the plant records no "
            f"sector, so none of them is applied"))
    in_column = [r for r in general if r.column == column]
    if not in_column:
        given = ", ".join(sorted({r.column for r in general}))
        return Refusal(key, "no_column", (
            f"{key}: {code} gives no limit for column {column} (only for column {given})"))
    covering = [r for r in in_column if r.covers(flow)]
    if len(covering) != 1:  # the loader refuses overlapping tiers, so none covers the flow
        tiers = "; ".join(_tier(r).describe() for r in in_column)
        if flow is None:
            return Refusal(key, "no_flow", (
                f"{key}: the {code} column {column} limit depends on the discharge flow "
                f"({tiers}) and the plant's discharge flow (m3/day) is not recorded"))
        return Refusal(key, "no_tier", (
            f"{key}: no {code} column {column} flow tier covers {flow} m3/day ({tiers})"))
    row = covering[0]
    if row.coefficients_apply == "true":
        return Refusal(key, "coefficients_not_found", (
            f"{key}: the {code} row says a coefficient multiplies its limit, and {code}'s "
            f"coefficients were not found; it is not evaluated (the {predecessor.code} Kq and "
            f"Kf are never applied in their place)"))
    if row.coefficients_apply != "false":
        return Refusal(key, "coefficients_unknown", (
            f"{key}: whether a coefficient multiplies the {code} limit is not known "
            f"(coefficients_apply: {row.coefficients_apply}); it is not evaluated (the "
            f"{predecessor.code} Kq and Kf are never applied in its place)"))
    old = predecessor.parameter(key)
    if old is None:
        return Refusal(key, "no_predecessor", (
            f"{key}: a {code} parameter with no {predecessor.code} counterpart: the Decree 45 "
            f"article that fines it (and whether it is hazardous) is not known, so it is not "
            f"evaluated"))
    limit = Limit(high=row.limit_value) if row.limit_value is not None else \
        Limit(low=row.limit_min, high=row.limit_max)
    parameter = Parameter(
        key=key, name_vi=row.name_vi or old.name_vi, name_en=old.name_en, unit=row.unit,
        limit_a=limit if column == "A" else None, limit_b=limit if column == "B" else None,
        limit_c=limit if column == "C" else None, applies_kq_kf=False,
        hazardous=old.hazardous, nd45_article=old.nd45_article,
        stt=int(row.stt) if row.stt.isdigit() else 0, note=row.note, source=row.source,
        flow_tier=_tier(row), verification=row.verification)
    if parameter.basis != old.basis:
        shape = "a range" if limit.is_range else "a maximum"
        return Refusal(key, "basis", (
            f"{key}: the {code} limit is {shape} ({parameter.unit or 'no unit'}), while Decree "
            f"45 fines {key} by {old.basis} ({old.unit}) as under {predecessor.code}: the two "
            f"do not match, so it is not evaluated"))
    return parameter


def _tier(row: LimitRow) -> FlowTier:
    return FlowTier(row.flow_min, row.flow_max, row.flow_min_inclusive, row.flow_max_inclusive)
