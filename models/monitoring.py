"""Readings sent by a plant's automatic monitoring station (trạm quan trắc tự động)."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow


class PlantReading(db.Model):
    """One value of one parameter at one instant. The evaluation's figures are stored with
    it, so the run that opened a violation can be shown as the law's numbers were then."""

    __tablename__ = "plant_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    plant_id: Mapped[int] = mapped_column(ForeignKey("wastewater_plants.id"))
    parameter: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    unit: Mapped[str] = mapped_column(String(20))
    measured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    permitted_max: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    exceedance_factor: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    # As on Measurement: None when the plant's standard is not recorded.
    verdict: Mapped[str | None] = mapped_column(String(20))
    exceeds: Mapped[bool] = mapped_column(default=False)
    # The first exceeding reading of the uninterrupted run this one belongs to; None for a
    # reading that is not over the standard.
    run_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violations.id"), index=True)

    __table_args__ = (
        # A station that resends a batch (a retry after a timeout) must not double it.
        UniqueConstraint("plant_id", "parameter", "measured_at"),
        Index("ix_plant_readings_series", "plant_id", "parameter", "measured_at"),
    )

    def to_dict(self):
        return {
            "id": self.id, "plant_id": self.plant_id, "parameter": self.parameter,
            "value": float(self.value), "unit": self.unit,
            "measured_at": self.measured_at.isoformat(),
            "permitted_max": None if self.permitted_max is None else float(self.permitted_max),
            "exceedance_factor": None if self.exceedance_factor is None
            else float(self.exceedance_factor),
            "verdict": self.verdict, "exceeds": self.exceeds,
            "violation_id": self.violation_id,
        }
