"""Wastewater standards (QCVN 40 versions) and the Decree 45/2022 penalty tables, as data.

Everything is read from ``data/standards/`` (never from /work/shared): ``standards.csv`` lists
one row per standard version, each naming its Table 1 and Kq/Kf files; the Decree 45 fine and
surcharge tables sit beside them. A new standard version is a new manifest row and two CSV
files, no code change (see data/standards/README.md). QCVN 40:2025's limit table has another
shape (columns A-C, flow tiers); successor.py reads it into the same Standard.

Numbers are Decimal so that band edges compare exactly (1.1 x 50 is 55, not 55.000000001).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from workflows.engine.messages import Message, msg
from workflows.wastewater.fine_tables import (  # noqa: F401  (re-exported: one import site for callers)
    FINES_FILE, PH_MAX, PH_MIN, SURCHARGES_FILE, FineRow, Penalties, StandardsDataError,
    SurchargeRow, from_row, load_penalties, read_csv, to_dec,
)
from workflows.wastewater.flow_tier import FlowTier

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "standards"
MANIFEST_FILE = "standards.csv"
COLUMNS = ("A", "B")
# A parameter measured in becquerel is a radioactivity, fined under Decree 45 Art. 19(10)
# rather than by exceedance band; Table 1 has no flag for it, the unit is the tell.
RADIOACTIVE_UNITS = frozenset({"bq/l"})


class UnknownStandardError(LookupError):
    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


class UnconfirmedLimitError(ValueError):
    """The limit for this column is empty in the table: no source confirmed it, so no
    evaluation may guess it."""

    def __init__(self, standard_code: str, parameter_key: str, column: str):
        self.standard_code, self.parameter_key, self.column = standard_code, parameter_key, column
        self.message = msg(
            "%(parameter)s: giới hạn cột %(column)s của %(standard)s chưa được xác nhận (ô "
            "trống trong bảng, xem data/standards/SOURCES.md), nên không thể đánh giá theo cột "
            "%(column)s", parameter=parameter_key, column=column, standard=standard_code)
        super().__init__(self.message)


@dataclass(frozen=True)
class Limit:
    """Table 1's C for one column: a maximum, or for pH a closed range [low, high]."""

    high: Decimal
    low: Decimal | None = None

    @classmethod
    def parse(cls, text: str, what: str) -> Limit | None:
        text = (text or "").strip()
        if not text:
            return None
        match = re.fullmatch(r"([\d.]+)\s*-\s*([\d.]+)", text)
        if match:
            return cls(low=to_dec(match[1], what), high=to_dec(match[2], what))
        return cls(high=to_dec(text, what))

    @property
    def is_range(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class Refusal:
    """A parameter a standard's table names but that cannot be evaluated for this plant,
    and why (``reason``: a code; ``message``: the sentence an evaluation error carries)."""

    parameter: str
    reason: str
    message: Message


@dataclass(frozen=True)
class Parameter:
    key: str
    name_vi: str
    name_en: str
    unit: str
    limit_a: Limit | None  # None: not confirmed by any source
    limit_b: Limit | None
    applies_kq_kf: bool
    hazardous: bool
    nd45_article: int
    stt: int
    note: str
    source: str
    # QCVN 40:2025's columns run to C; its limits hold for a flow tier and say how they were
    # read (official_text, secondary_copy, unverified). Table 1 of 2011 has none of these.
    limit_c: Limit | None = None
    flow_tier: FlowTier | None = None
    verification: str | None = None

    @property
    def basis(self) -> str:
        """How Decree 45 measures the breach, with the fines table's own words:
        'ph' (a range), 'radioactive' (Bq), or 'exceedance_factor'."""
        limit = self.limit_b or self.limit_a or self.limit_c
        if limit is not None and limit.is_range:
            return "ph"
        if self.unit.strip().casefold() in RADIOACTIVE_UNITS:
            return "radioactive"
        return "exceedance_factor"

    @property
    def dimensionless(self) -> bool:
        return self.unit.strip() in ("-", "")

    @property
    def not_for_saline_water(self) -> bool:
        # Table 1 says so in chloride's name; the CSV carries it in the note.
        return "saline" in self.note.lower()

    @property
    def verified(self) -> bool:
        """The limit was read from the official text (Table 1's cells are confirmed or empty)."""
        return self.verification in (None, "official_text")

    def limit_on(self, column: str) -> Limit | None:
        return {"A": self.limit_a, "B": self.limit_b, "C": self.limit_c}.get(column)

    def limit(self, column: str, standard_code: str = "") -> Limit:
        limit = self.limit_on(column)
        if limit is None:
            raise UnconfirmedLimitError(standard_code, self.key, column)
        return limit


@dataclass(frozen=True)
class Coefficient:
    """One Kq or Kf row. ``value`` is what a source confirmed; ``candidate`` is the widely
    cited figure nobody has checked yet. Results computed from a candidate are unconfirmed."""

    name: str  # 'kq' | 'kf'
    receiving_body: str
    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool
    unit: str
    value: Decimal | None
    candidate: Decimal | None
    condition: str
    verification: str
    source: str

    @property
    def confirmed(self) -> bool:
        return self.value is not None

    @property
    def effective_value(self) -> Decimal:
        return self.value if self.value is not None else self.candidate

    @property
    def bounded(self) -> bool:
        return self.lower is not None or self.upper is not None

    @property
    def sea_kind(self) -> str | None:
        # The two sea rows differ only by their condition text.
        if self.receiving_body != "sea":
            return None
        return "other" if "not used" in self.condition else "protected"

    def covers(self, x: Decimal) -> bool:
        if self.lower is not None and (x < self.lower or (x == self.lower and not self.lower_inclusive)):
            return False
        if self.upper is not None and (x > self.upper or (x == self.upper and not self.upper_inclusive)):
            return False
        return True

    def describe(self) -> str:
        if self.bounded:
            low = "" if self.lower is None else f"{self.lower} {'<=' if self.lower_inclusive else '<'} "
            high = "" if self.upper is None else f" {'<=' if self.upper_inclusive else '<'} {self.upper}"
            where = f"{low}x{high} {self.unit}".strip()
        else:
            where = self.condition or "any"
        return f"{self.name.capitalize()} ({self.receiving_body}: {where})"


@dataclass(frozen=True)
class Standard:
    code: str  # e.g. QCVN40:2011
    title_vi: str
    title_en: str
    effective_from: date
    superseded_on: date | None
    source: str
    parameters: tuple[Parameter, ...]
    kq: tuple[Coefficient, ...]
    kf: tuple[Coefficient, ...]
    penalties: Penalties
    columns: tuple[str, ...] = COLUMNS
    # Parameters the table names that this Standard cannot evaluate, each with its reason.
    refusals: tuple[Refusal, ...] = ()

    @property
    def version(self) -> str:
        return self.code.rpartition(":")[2]

    @property
    def has_coefficients(self) -> bool:
        return bool(self.kq or self.kf)

    def parameter(self, key: str) -> Parameter | None:
        key = (key or "").strip().lower()
        return next((p for p in self.parameters if p.key == key), None)

    def refusal(self, key: str) -> Refusal | None:
        key = (key or "").strip().lower()
        return next((r for r in self.refusals if r.parameter == key), None)

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.superseded_on is None or day < self.superseded_on)


@dataclass(frozen=True)
class Library:
    directory: Path
    standards: tuple[Standard, ...]
    penalties: Penalties

    def get(self, code: str) -> Standard:
        for standard in self.standards:
            if standard.code.casefold() == (code or "").strip().casefold():
                return standard
        known = ", ".join(s.code for s in self.standards)
        raise UnknownStandardError(msg("không có quy chuẩn “%(code)s” (các quy chuẩn đã có: "
                                       "%(known)s)", code=code, known=known))

    def in_force_on(self, day: date) -> tuple[Standard, ...]:
        return tuple(s for s in self.standards if s.in_force_on(day))


def _coefficient(row: dict[str, str], file: str) -> Coefficient:
    what = f"{file} {row.get('coefficient')}/{row.get('receiving_body')}"
    coefficient = from_row(Coefficient, row, what, {
        "name": "coefficient", "lower": "lower_bound", "upper": "upper_bound",
        "candidate": "candidate_value_unverified"})
    if coefficient.effective_value is None:
        raise StandardsDataError(f"{what}: neither value nor candidate_value_unverified")
    return coefficient


def _standard(row: dict[str, str], directory: Path, penalties: Penalties) -> Standard:
    code = row["code"].strip()
    table1, kq_kf = row["table1_file"].strip(), row["kq_kf_file"].strip()
    coefficients = [_coefficient(r, kq_kf) for r in read_csv(directory / kq_kf)]
    parameters = tuple(
        from_row(Parameter, r, f"{table1} {r.get('parameter_key')}", {"key": "parameter_key"},
                 {"Limit | None": Limit.parse}, limit_c=None, flow_tier=None, verification=None)
        for r in read_csv(directory / table1)
    )
    try:
        effective_from = date.fromisoformat(row["effective_from"].strip())
        superseded = row["superseded_on"].strip()
        superseded_on = date.fromisoformat(superseded) if superseded else None
    except ValueError as exc:
        raise StandardsDataError(f"{MANIFEST_FILE} {code}: {exc}") from None
    for p in parameters:
        if p.basis not in {r.basis for r in penalties.fines if r.article == p.nd45_article}:
            raise StandardsDataError(f"{table1} {p.key}: article {p.nd45_article} has no {p.basis} rows")
    return Standard(
        code=code,
        title_vi=row["title_vi"],
        title_en=row["title_en"],
        effective_from=effective_from,
        superseded_on=superseded_on,
        source=row["source"],
        parameters=parameters,
        kq=tuple(c for c in coefficients if c.name == "kq"),
        kf=tuple(c for c in coefficients if c.name == "kf"),
        penalties=penalties,
    )


@cache
def _load(directory: Path) -> Library:
    penalties = load_penalties(directory)
    standards = tuple(_standard(r, directory, penalties) for r in read_csv(directory / MANIFEST_FILE))
    if len({s.code.casefold() for s in standards}) != len(standards):
        raise StandardsDataError(f"{MANIFEST_FILE}: duplicate standard code")
    return Library(directory=directory, standards=standards, penalties=penalties)


def load_library(directory: str | Path | None = None) -> Library:
    """All standards and penalty tables in ``directory`` (default data/standards/), loaded
    once per process and directory."""
    return _load(Path(directory or DEFAULT_DIR).resolve())


def get_standard(code: str, directory: str | Path | None = None) -> Standard:
    return load_library(directory).get(code)
