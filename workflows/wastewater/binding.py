"""Which wastewater standard binds a plant on a date, and QCVN 40:2025's limit table.

QCVN 40:2025/BTNMT is in force from 1/9/2025; existing facilities keep QCVN 40:2011 until
31/12/2031; new projects apply 2025 (data/standards/transitions.csv, from
qcvn40_2025_facts.csv). Which facilities count as "existing" is not confirmed (the sources
disagree on the trigger), so it is a recorded attribute of the plant, never computed here.

The 2025 table itself could not be found: ``qcvn40_2025_limits.csv`` defines its format
(limits by parameter, column and flow tier, and per row whether any coefficient applies) and
ships header-only. Until an administrator loads the official table, an evaluation under
40:2025 cannot be made and says so; nothing falls back to 2011. Once loaded, the rows are
read into a Standard the evaluation takes by workflows/wastewater/successor.py.

Pure: no Flask, no database. Dates in, facts out."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

from workflows.wastewater.flow_tier import FlowTier

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "standards"
TRANSITIONS_FILE = "transitions.csv"
LIMITS_HEADER = ("standard", "table", "stt", "parameter_key", "name_vi", "unit", "column",
                 "flow_min_m3_day", "flow_max_m3_day", "flow_min_inclusive",
                 "flow_max_inclusive", "limit_value", "limit_min", "limit_max", "sector_scope",
                 "coefficients_apply", "verification", "source", "note")
LIMIT_COLUMNS = ("A", "B", "C")
BOOLEANS = {"true": True, "false": False}
COEFFICIENT_RULES = ("true", "false", "unknown")
VERIFICATIONS = ("official_text", "secondary_copy", "unverified")


@dataclass(frozen=True)
class Transition:
    successor: str
    predecessor: str
    in_force_from: date
    existing_until: date
    limits_file: str
    source: str


@dataclass(frozen=True)
class Binding:
    """The standard that binds a plant on a date, and why."""

    code: str
    reason: str  # before_successor | existing_transition | successor
    until: date | None  # the last day this standard binds the plant, where one is known
    transition: Transition

    @property
    def version(self) -> str:
        return self.code.rpartition(":")[2]

    def to_dict(self) -> dict:
        return {"code": self.code, "version": self.version, "reason": self.reason,
                "until": self.until.isoformat() if self.until else None}


@dataclass(frozen=True)
class LimitRow:
    standard: str
    parameter_key: str
    column: str
    flow_tier: FlowTier
    limit_value: Decimal | None
    limit_min: Decimal | None
    limit_max: Decimal | None
    coefficients_apply: str  # true | false | unknown: whether Kq/Kf-like factors multiply it
    source: str
    sector_scope: str = ""  # empty: every sector
    verification: str = ""  # official_text | secondary_copy | unverified
    name_vi: str = ""
    unit: str = ""
    stt: str = ""
    note: str = ""


class LimitsFileError(ValueError):
    """A limit table that does not follow the format: every problem, by line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))


@cache
def _transitions(directory: Path) -> tuple[Transition, ...]:
    with (directory / TRANSITIONS_FILE).open(encoding="utf-8", newline="") as fh:
        return tuple(Transition(r["successor"], r["predecessor"],
                                date.fromisoformat(r["in_force_from"]),
                                date.fromisoformat(r["existing_until"]), r["limits_file"],
                                r["source"]) for r in csv.DictReader(fh))


def transition_for(code: str, directory: Path | None = None) -> Transition | None:
    """The transition `code` takes part in (as the old or the new standard), if any."""
    for t in _transitions(Path(directory or DEFAULT_DIR).resolve()):
        if code in (t.successor, t.predecessor):
            return t
    return None


def binding_standard(recorded_code: str, existing: bool, on: date,
                     directory: Path | None = None) -> Binding | None:
    """The standard that binds a plant whose record names `recorded_code`, `existing` when
    the plant is recorded as an existing facility, on the day `on` (a sampling date).

    Before the successor is in force the recorded standard binds, until the day before; an
    existing facility keeps the old standard until the transition's end; anyone else (a new
    project, or an existing one after the transition) is bound by the successor. None for a
    standard no transition concerns."""
    t = transition_for(recorded_code, directory)
    if t is None:
        return None
    if recorded_code == t.successor:
        return Binding(t.successor, "successor", None, t)
    if on < t.in_force_from:
        until = t.existing_until if existing else t.in_force_from - timedelta(days=1)
        return Binding(recorded_code, "before_successor", until, t)
    if existing and on <= t.existing_until:
        return Binding(t.predecessor, "existing_transition", t.existing_until, t)
    return Binding(t.successor, "successor", None, t)


def limits(code: str, directory: Path | None = None) -> tuple[LimitRow, ...]:
    """The loaded limit rows of `code` (empty while its table is not loaded)."""
    directory = Path(directory or DEFAULT_DIR).resolve()
    t = transition_for(code, directory)
    if t is None or code != t.successor:
        return ()
    path = directory / t.limits_file
    stat = path.stat()
    # Keyed on the file as it is now: a table loaded by the command (another process) is read
    # by every process of this host at its next evaluation, with no restart.
    return _limits_of(path, code, (stat.st_mtime_ns, stat.st_size, stat.st_ino))


@lru_cache(maxsize=8)
def _limits_of(path: Path, code: str, version: tuple) -> tuple[LimitRow, ...]:
    return tuple(r for r in read_limits(path.read_text(encoding="utf-8")) if r.standard == code)


def has_limits(code: str, directory: Path | None = None) -> bool:
    return bool(limits(code, directory))


def clear_cache() -> None:
    """After a table is loaded, the next evaluation reads it."""
    _limits_of.cache_clear()
    _transitions.cache_clear()


def read_limits(text: str) -> list[LimitRow]:
    """Parse and validate a limit table; LimitsFileError lists every problem by line."""
    reader = csv.DictReader(io.StringIO(text))
    problems = []
    if tuple(reader.fieldnames or ()) != LIMITS_HEADER:
        raise LimitsFileError([f"header must be exactly: {','.join(LIMITS_HEADER)}"])
    rows, seen, lines = [], set(), {}
    for line, raw in enumerate(reader, start=2):
        where = f"line {line}"
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            problems.append(f"{where}: more cells than the header")
            continue
        for name in ("standard", "parameter_key", "column", "source", "verification"):
            if not row[name]:
                problems.append(f"{where}: {name} is empty")
        if row["column"] and row["column"] not in LIMIT_COLUMNS:
            problems.append(f"{where}: column must be one of {', '.join(LIMIT_COLUMNS)}")
        if row["verification"] and row["verification"] not in VERIFICATIONS:
            problems.append(f"{where}: verification must be one of {', '.join(VERIFICATIONS)}")
        if row["coefficients_apply"] not in COEFFICIENT_RULES:
            problems.append(f"{where}: coefficients_apply must be true, false or unknown "
                            "(the 2025 text's coefficient rule is not known: say so per row)")
        numbers = {}
        for name in ("flow_min_m3_day", "flow_max_m3_day", "limit_value", "limit_min",
                     "limit_max"):
            numbers[name] = _number(row[name], f"{where}: {name}", problems)
        flags = {}
        for name in ("flow_min_inclusive", "flow_max_inclusive"):
            if row[name] and row[name] not in BOOLEANS:
                problems.append(f"{where}: {name} must be true or false")
            flags[name] = BOOLEANS.get(row[name], True)
        low, high = numbers["flow_min_m3_day"], numbers["flow_max_m3_day"]
        if low is not None and high is not None and high < low:
            problems.append(f"{where}: flow_max_m3_day is below flow_min_m3_day")
        has_max = numbers["limit_value"] is not None
        has_range = numbers["limit_min"] is not None or numbers["limit_max"] is not None
        if has_max == has_range:
            problems.append(f"{where}: give limit_value, or limit_min and limit_max (a range "
                            "such as pH), not both and not neither")
        elif has_range and (numbers["limit_min"] is None or numbers["limit_max"] is None
                            or numbers["limit_max"] < numbers["limit_min"]):
            problems.append(f"{where}: a range needs limit_min <= limit_max")
        key = (row["standard"], row["parameter_key"], row["column"], low, high,
               row["sector_scope"])
        if key in seen:
            problems.append(f"{where}: the same parameter, column and flow tier twice")
        seen.add(key)
        tier = FlowTier(low, high, flags["flow_min_inclusive"], flags["flow_max_inclusive"])
        limit = LimitRow(row["standard"], row["parameter_key"].lower(), row["column"], tier,
                         numbers["limit_value"], numbers["limit_min"], numbers["limit_max"],
                         row["coefficients_apply"], row["source"],
                         sector_scope=row["sector_scope"], verification=row["verification"],
                         name_vi=row["name_vi"], unit=row["unit"], stt=row["stt"],
                         note=row["note"])
        group = (limit.standard, limit.parameter_key, limit.column, limit.sector_scope)
        for other_line, other in lines.get(group, ()):
            if (other.flow_tier.low, other.flow_tier.high) != (low, high) and tier.overlaps(
                    other.flow_tier):
                problems.append(f"{where}: its flow tier overlaps line {other_line}'s (the same "
                                "parameter, column and sector would have two limits)")
        lines.setdefault(group, []).append((line, limit))
        rows.append(limit)
    if problems:
        raise LimitsFileError(problems)
    return rows


def _number(text: str, what: str, problems: list) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(f"{what}: not a number (use a '.' decimal point)")
        return None
    if not value.is_finite() or value < 0:
        problems.append(f"{what}: must be a number, 0 or more")
        return None
    return value
