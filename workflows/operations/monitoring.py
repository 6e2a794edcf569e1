"""Automatic monitoring stations (trạm quan trắc tự động): store a plant's readings and turn a
sustained exceedance into ONE violation.

The duration rule, per plant and parameter, in the order the readings were measured:
- a reading that makes a violation (over 1.1x, pH out of range, or a repeated warning; the
  same test as an inspection's measurement) starts a run, or continues the one before it;
- a reading within the standard ends the run; a warning under 1.1x neither starts nor ends
  one (the discharge never came back within the standard);
- a silence longer than the duration itself also ends it: nothing was seen in between;
- once a run has lasted the duration (last exceeding reading minus the first), the plant's
  open monitoring violation takes it, or, if there is none, one is opened by the system;
- while that violation is open every further exceeding reading attaches to it; a run that
  outlives its violation (closed while the run went on) starts over, so a new violation
  again needs the full duration.
A reading older than the newest one already stored for its parameter (a late upload) is kept
and assessed but moves no run: runs are only ever extended forward in time.
"""
from datetime import datetime, timedelta

from sqlalchemy import select, update

from models import PlantReading, Violation, WastewaterPlant
from models.base import aware
from models.violations import OPEN_EXCLUDED
from workflows.engine.calendar import HANOI, local_date
from workflows.engine.numbers import vietnamese_factor
from workflows.operations.measurements import (Assessment, PlantNotReady, clear, evaluate_rows, fill,
                                 suggestion)
from workflows.operations.plant_conditions import repeated_parameters
from workflows.operations.violations import open_violation


def record_readings(session, plant, readings: list[dict], now: datetime, *,
                    run_minutes: int) -> dict:
    """Store ``readings`` ({parameter, value, unit, measured_at: aware UTC}) for ``plant``,
    apply the duration rule, and say what happened. Values the standard cannot take raise
    EvaluationError on ``readings[i].field`` (422); nothing is stored then."""

    _lock(session, plant)
    window = timedelta(minutes=run_minutes)
    rows = [PlantReading(plant_id=plant.id, received_at=now, **r) for r in readings]
    for row in rows:
        clear(row)
    assessment, note = _assess(session, plant, rows)
    fresh = _drop_duplicates(session, plant, rows)
    # The newest stored reading of each parameter, read before this upload joins the session.
    previous = {p: _latest(session, plant, p) for p in {r.parameter for r in fresh}}
    session.add_all(fresh)
    summary = {"stored": len(fresh), "duplicates": len(rows) - len(fresh), "late": 0,
               "assessed": assessment is not None, "note": note,
               "exceeding": sum(r.exceeds for r in fresh), "violation_id": None,
               "violation_opened": False}
    if assessment is None:
        return summary
    station = _Station(session, plant, window, now, assessment, previous)
    for row in sorted(fresh, key=lambda r: r.measured_at):
        station.take(row, summary)
    session.flush()
    if station.violation is not None:
        summary["violation_id"] = station.violation.id
    return summary


def _lock(session, plant) -> None:
    # Two uploads from one station at once must not both open a violation: PostgreSQL
    # serialises them on the plant's row (SQLite has a single writer anyway).

    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(WastewaterPlant.id).where(WastewaterPlant.id == plant.id)
                        .with_for_update())


def _assess(session, plant, rows):
    try:
        # The earliest reading's day decides the binding standard, as a finding's sample.
        day = local_date(min(r.measured_at for r in rows))
        evaluation, results, notes = evaluate_rows(plant, rows, day, path="readings")
    except PlantNotReady as exc:
        return None, f"Hồ sơ trạm XLNT chưa đủ để đánh giá: đã lưu số liệu, chưa đánh giá: {exc}"
    assessment = Assessment(plant, evaluation, notes=notes)
    if evaluation is not None:
        warned = {r.parameter for r in evaluation.results if r.verdict == "warning"}
        if warned:
            latest = max(rows[i].measured_at for i, r in results.items()
                         if r.verdict == "warning")
            assessment.repeated = repeated_parameters(session, plant.cluster, plant, warned,
                                                      local_date(latest))
        for i, result in results.items():
            fill(rows[i], result, assessment)
    return assessment, assessment.note


def _drop_duplicates(session, plant, rows):
    """A station retrying an upload resends readings already stored: keep the first."""

    times = [r.measured_at for r in rows]
    stored = {(p, aware(t)) for p, t in session.execute(
        select(PlantReading.parameter, PlantReading.measured_at).where(
            PlantReading.plant_id == plant.id, PlantReading.measured_at >= min(times),
            PlantReading.measured_at <= max(times)))}
    fresh = []
    for row in rows:
        key = (row.parameter, row.measured_at)
        if key not in stored:
            stored.add(key)
            fresh.append(row)
    return fresh


class _Station:
    """The duration rule's state for one upload: the newest reading per parameter and
    the plant's open monitoring violation."""

    def __init__(self, session, plant, window, now, assessment, previous):
        self.session, self.plant, self.window, self.now = session, plant, window, now
        self.assessment, self.previous = assessment, previous
        self.violation = self._open_violation()

    def take(self, row, summary) -> None:
        prev = self.previous[row.parameter]
        if prev is not None and aware(prev.measured_at) >= row.measured_at:
            summary["late"] += 1
            return
        self.previous[row.parameter] = row
        carried = None
        if prev is not None and row.measured_at - aware(prev.measured_at) <= self.window:
            carried = aware(prev.run_started_at) if prev.run_started_at else None
        if row.exceeds:
            row.run_started_at = carried or row.measured_at
        elif row.verdict == "warning":
            row.run_started_at = carried
        if not row.exceeds:
            return
        if self.violation is not None:
            row.violation_id = self.violation.id
        elif row.measured_at - row.run_started_at >= self.window:
            if self._run_had_violation(row):
                row.run_started_at = row.measured_at  # outlived its violation: start over
            else:
                self._open(row)
                summary["violation_opened"] = True

    def _open_violation(self):
        attached = select(PlantReading.violation_id).where(
            PlantReading.plant_id == self.plant.id, PlantReading.violation_id.is_not(None))
        return self.session.scalars(
            select(Violation).where(Violation.plant_id == self.plant.id,
                                    Violation.state.not_in(OPEN_EXCLUDED),
                                    Violation.id.in_(attached))
            .order_by(Violation.id).limit(1)).first()

    def _run_had_violation(self, row) -> bool:
        self.session.flush()
        return self.session.scalar(
            select(PlantReading.id).where(
                PlantReading.plant_id == self.plant.id, PlantReading.parameter == row.parameter,
                PlantReading.run_started_at == row.run_started_at,
                PlantReading.violation_id.is_not(None)).limit(1)) is not None

    def _open(self, row) -> None:
        """Open the violation for the run ``row`` completes, and attach the run to it."""

        self.session.flush()
        run = self.session.scalars(select(PlantReading).where(
            PlantReading.plant_id == self.plant.id, PlantReading.parameter == row.parameter,
            PlantReading.run_started_at == row.run_started_at,
            PlantReading.exceeds.is_(True))).all()
        evaluation, _, _ = evaluate_rows(self.plant, _worst(run), local_date(row.run_started_at),
                                         path="readings")
        proposal = suggestion(evaluation, repeated=self.assessment.repeated, organisation=True,
                              sampled_on=local_date(row.run_started_at))
        proposal["plant_id"] = self.plant.id
        minutes = int((row.measured_at - row.run_started_at).total_seconds() // 60)
        factor = max((r.exceedance_factor for r in run if r.exceedance_factor is not None),
                     default=None)
        peak = f" (×{vietnamese_factor(factor)})" if factor is not None else ""
        name = evaluation.results[0]
        start, end = (_hanoi(t) for t in (row.run_started_at, row.measured_at))
        self.violation = open_violation(
            self.session, self.plant.cluster, None, self.now,
            # Kept with the record in Vietnamese, the language of what officials sign.
            title=(f"Quan trắc tự động: {name.name_vi} vượt quy chuẩn liên tục {minutes} phút"
                   f"{peak}")[:300],
            description=(f"{self.plant.name}: {len(run)} số liệu vượt quy chuẩn từ {start} đến "
                         f"{end}"),
            plant=self.plant, sampled_on=local_date(row.run_started_at),
            fine_suggestion=proposal)
        self.session.execute(
            update(PlantReading).where(PlantReading.id.in_([r.id for r in run]))
            .values(violation_id=self.violation.id).execution_options(synchronize_session="fetch"))
        row.violation_id = self.violation.id


def _worst(run):
    """Decree 45 Art. 7(2) fines a parameter at its highest value; for pH (no factor) the
    worst may be either end, so both go to the evaluation and the fine picks the heavier."""
    highest = max(run, key=lambda r: r.value)
    lowest = min(run, key=lambda r: r.value)
    ph = highest.exceedance_factor is None
    return [highest, lowest] if ph and lowest is not highest else [highest]


def _latest(session, plant, parameter):
    return session.scalars(
        select(PlantReading).where(PlantReading.plant_id == plant.id,
                                   PlantReading.parameter == parameter)
        .order_by(PlantReading.measured_at.desc()).limit(1)).first()


def _hanoi(moment: datetime) -> str:
    return moment.astimezone(HANOI).strftime("%d/%m/%Y %H:%M")
