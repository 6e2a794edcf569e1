"""Decree 45/2022/NĐ-CP's wastewater tables (Art. 18-19 fines, surcharges) as immutable rows,
and the small CSV helpers the standards loader shares. Loaded through workflows.wastewater.standards.

Intervals are [min, max) as the text's "từ X đến dưới Y" says; an empty bound is open-ended.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path

from workflows.wastewater.flow_tier import FlowTier

FINES_FILE = "nd45_2022_fines.csv"
SURCHARGES_FILE = "nd45_2022_surcharges.csv"
# The ends of the pH scale: a physical fact, not a legal figure. Decree 45 writes its top pH
# band as "from 12.5 to 14", the one interval whose maximum is included.
PH_MIN, PH_MAX = Decimal(0), Decimal(14)
PH_TOKENS = ("limit_low", "limit_high")


class StandardsDataError(ValueError):
    """A data file is malformed; raised at load so a bad table never produces a figure."""


def to_dec(text: str, what: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise StandardsDataError(f"{what}: {text!r} is not a number") from None


def to_int(text: str, what: str) -> int | None:
    value = to_dec(text, what)
    return None if value is None else int(value)


def to_bool(text: str, what: str) -> bool | None:
    text = (text or "").strip().lower()
    if text in ("", "none"):
        return None
    if text in ("true", "false"):
        return text == "true"
    raise StandardsDataError(f"{what}: {text!r} is not true/false")


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise StandardsDataError(f"missing data file {path}")
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_CONVERT = {
    "str": lambda text, what: text.strip(),
    "str | None": lambda text, what: text.strip() or None,
    "bool": lambda text, what: bool(to_bool(text, what)),
    "int": to_int,
    "int | None": to_int,
    "Decimal | None": to_dec,
}


def from_row(cls, row: dict[str, str], what: str, columns: dict[str, str],
             converters: dict | None = None, **computed):
    """Build dataclass ``cls`` from a CSV row, converting each field by its type annotation
    (``converters`` adds types). ``columns`` names the CSV column where it differs from the
    field's name; ``computed`` fields are given as they are."""
    convert = {**_CONVERT, **(converters or {})}
    values = dict(computed)
    for f in fields(cls):
        if f.name not in values:
            column = columns.get(f.name, f.name)
            values[f.name] = convert[f.type](cell(row, column, what), f"{what} {column}")
    return cls(**values)


def cell(row: dict[str, str], column: str, what: str) -> str:
    if column not in row:
        raise StandardsDataError(f"{what}: no column {column!r}")
    return row[column] or ""


def _resolve_ph(token: str, low: Decimal, high: Decimal) -> Decimal:
    tokens = {"limit_low": low, "limit_high": high}
    return tokens[token] if token in tokens else Decimal(token)


@dataclass(frozen=True)
class FineRow:
    """One point of Decree 45 Art. 18 or 19. Intervals are [min, max) as the text's
    "từ X đến dưới Y" says (flow_tier too); an empty max is open-ended."""

    article: int
    clause: int
    point: str | None
    point_index: int | None
    basis: str  # exceedance_factor | ph | radioactive
    sanction: str  # warning | fine
    exceed_min: Decimal | None
    exceed_max: Decimal | None
    ph_acid: tuple[str, str] | None
    ph_alkaline: tuple[str, str] | None
    flow_tier: FlowTier
    fine_min: int | None
    fine_max: int | None
    fine_min_org: int | None
    fine_max_org: int | None
    supplementary_sanction: str | None
    note: str
    source: str

    def covers_factor(self, factor: Decimal) -> bool:
        return (self.exceed_min is None or factor >= self.exceed_min) and (
            self.exceed_max is None or factor < self.exceed_max
        )

    def ph_side(self, ph: Decimal, low: Decimal, high: Decimal) -> str | None:
        """'acid' or 'alkaline' if this pH band holds ``ph`` given the standard's range.
        A bound written as limit_low/limit_high is exclusive (the limit itself complies);
        numeric bounds are [min, max), except that the scale's end, 14, is included."""
        for side, bounds in (("acid", self.ph_acid), ("alkaline", self.ph_alkaline)):
            if bounds is None:
                continue
            lo_tok, hi_tok = bounds
            lo, hi = _resolve_ph(lo_tok, low, high), _resolve_ph(hi_tok, low, high)
            above = ph > lo if lo_tok in PH_TOKENS else ph >= lo
            below = ph < hi or (hi_tok not in PH_TOKENS and hi == PH_MAX and ph == PH_MAX)
            if above and below:
                return side
        return None

    def amounts(self, organisation: bool) -> tuple[int, int]:
        if organisation:
            return self.fine_min_org, self.fine_max_org
        return self.fine_min, self.fine_max


@dataclass(frozen=True)
class SurchargeRow:
    """Art. 18(7) / 19(11): the percentage one more exceeding parameter adds, and the cap."""

    article: int
    clause: int
    row: int
    basis: str  # exceedance_factor | ph
    exceed_min: Decimal | None
    exceed_max: Decimal | None
    ph_condition: str
    pct: int
    base: str
    cap_individual: int
    cap_org: int
    source: str

    def covers_factor(self, factor: Decimal) -> bool:
        return self.basis == "exceedance_factor" and (factor >= self.exceed_min) and (
            self.exceed_max is None or factor < self.exceed_max
        )

    def covers_ph(self, ph: Decimal, low: Decimal, high: Decimal) -> bool:
        """Evaluates the row's written condition, e.g. "2 <= pH < 4, or 10.5 <= pH < 12.5".
        "outside the standard's range" means any pH off [low, high]."""
        if self.basis != "ph":
            return False
        text = self.ph_condition.strip()
        if "outside" in text.lower():
            return ph < low or ph > high
        values = {"ph": ph, "limit_low": low, "limit_high": high}
        compare = {"<": Decimal.__lt__, "<=": Decimal.__le__, ">": Decimal.__gt__, ">=": Decimal.__ge__}
        for part in re.split(r",?\s+or\s+", text):
            tokens = re.split(r"\s*(<=|>=|<|>)\s*", part.strip())
            try:
                operands = [values[t.lower()] if t.lower() in values else Decimal(t) for t in tokens[0::2]]
            except InvalidOperation:
                raise StandardsDataError(f"surcharge row {self.row}: cannot read {text!r}") from None
            if all(compare[op](a, b) for a, op, b in zip(operands, tokens[1::2], operands[1:])):
                return True
        return False


@dataclass(frozen=True)
class Penalties:
    """Decree 45/2022 Art. 18-19: fines per point, surcharges per band."""

    fines: tuple[FineRow, ...]
    surcharges: tuple[SurchargeRow, ...]

    def rows(self, article: int, basis: str, sanction: str = "fine") -> tuple[FineRow, ...]:
        return tuple(
            r for r in self.fines if r.article == article and r.basis == basis and r.sanction == sanction
        )

    def warning_row(self, article: int) -> FineRow:
        (row,) = self.rows(article, "exceedance_factor", "warning")
        return row

    @property
    def default_surcharge_base(self) -> str:
        (base,) = {s.base for s in self.surcharges}
        return base


def _ph_pair(row: dict[str, str], side: str) -> tuple[str, str] | None:
    lo, hi = row[f"ph_{side}_min"].strip(), row[f"ph_{side}_max"].strip()
    return (lo, hi) if lo and hi else None


def _fine(row: dict[str, str]) -> FineRow:
    what = f"{FINES_FILE} {row.get('article')}.{row.get('clause')}.{row.get('point')}"
    low, high = (to_dec(cell(row, c, what), f"{what} {c}")
                 for c in ("flow_min_m3_day", "flow_max_m3_day"))
    return from_row(FineRow, row, what, {
        "fine_min": "fine_min_vnd", "fine_max": "fine_max_vnd",
        "fine_min_org": "fine_min_vnd_org", "fine_max_org": "fine_max_vnd_org",
    }, ph_acid=_ph_pair(row, "acid"), ph_alkaline=_ph_pair(row, "alk"),
        flow_tier=FlowTier(low, high, high_inclusive=False))


def _surcharge(row: dict[str, str]) -> SurchargeRow:
    surcharge = from_row(SurchargeRow, row, f"{SURCHARGES_FILE} row {row.get('row')}", {
        "pct": "surcharge_pct", "cap_individual": "cap_total_vnd_individual",
        "cap_org": "cap_total_vnd_org"})
    surcharge.covers_ph(Decimal(7), Decimal(6), Decimal(9))  # fail at load if unreadable
    return surcharge


def load_penalties(directory: Path) -> Penalties:
    return Penalties(
        fines=tuple(_fine(r) for r in read_csv(directory / FINES_FILE)),
        surcharges=tuple(_surcharge(r) for r in read_csv(directory / SURCHARGES_FILE)),
    )
