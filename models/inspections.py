"""Inspections (kiểm tra), their findings and the wastewater measurements behind them."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .clusters import Cluster

INSPECTION_KINDS = ("periodic", "surprise", "follow_up")
SEVERITIES = ("low", "medium", "high", "critical")


class Inspection(db.Model):
    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="periodic")
    planned_date: Mapped[date]
    decision_no: Mapped[str | None] = mapped_column(String(80))
    team: Mapped[str] = mapped_column(Text, default="")
    lead_inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    state: Mapped[str] = mapped_column(String(40), default="planned", index=True)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    cluster: Mapped[Cluster] = relationship(lazy="joined")
    findings: Mapped[list["Finding"]] = relationship(
        back_populates="inspection", order_by="Finding.id"
    )

    entity_type = "inspection"


# The list pages newest-planned first: without it each page sorts every inspection.
Index("ix_inspections_planned", Inspection.planned_date.desc(), Inspection.id)


class Finding(db.Model):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the inspection is concluded and this finding became a violation.
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violations.id"))
    # The plant (discharge point) the samples were taken at; None: the cluster's first.
    plant_id: Mapped[int | None] = mapped_column(ForeignKey("wastewater_plants.id"))
    # Why the measurements were not evaluated against a standard (no plant, a plant
    # whose standard or flows are not recorded); None when they were, or need not be.
    assessment_note: Mapped[str | None] = mapped_column(String(500))

    inspection: Mapped[Inspection] = relationship(back_populates="findings")
    measurements: Mapped[list["Measurement"]] = relationship(
        back_populates="finding", order_by="Measurement.id", cascade="all, delete-orphan"
    )

    @property
    def is_violation(self) -> bool:
        """A finding is a violation when its severity says so or a measurement exceeds."""
        return self.severity in ("high", "critical") or any(
            m.exceeds for m in self.measurements
        )

    def to_dict(self):
        return {
            "id": self.id, "inspection_id": self.inspection_id, "category": self.category,
            "severity": self.severity, "description": self.description,
            "violation_id": self.violation_id, "is_violation": self.is_violation,
            "plant_id": self.plant_id, "assessment_note": self.assessment_note,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "measurements": [m.to_dict() for m in self.measurements],
        }


class Measurement(db.Model):
    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    parameter: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    unit: Mapped[str] = mapped_column(String(20))
    sampling_point: Mapped[str] = mapped_column(String(200), default="")
    sampled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Filled by the wastewater evaluation when the plant's standard is known.
    permitted_max: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    exceedance_factor: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    # compliant | warning (over, under 1.1x) | exceeds | not_applicable; None: not assessed.
    verdict: Mapped[str | None] = mapped_column(String(20))
    # True when this measurement makes its finding a violation: 'exceeds', or a 'warning'
    # that repeats an earlier violation (Decree 45 Art. 18(2), 19(2)).
    exceeds: Mapped[bool] = mapped_column(default=False)

    finding: Mapped[Finding] = relationship(back_populates="measurements")

    def to_dict(self):
        return {
            "id": self.id, "parameter": self.parameter, "value": float(self.value),
            "unit": self.unit, "sampling_point": self.sampling_point,
            "sampled_at": self.sampled_at.isoformat() if self.sampled_at else None,
            "permitted_max": None if self.permitted_max is None else float(self.permitted_max),
            "exceedance_factor": None if self.exceedance_factor is None
            else float(self.exceedance_factor),
            "verdict": self.verdict, "exceeds": self.exceeds,
        }
