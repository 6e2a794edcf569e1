"""Industrial clusters (cụm công nghiệp) and their wastewater plants."""
from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db
from .organizations import Organization

CLUSTER_KINDS = ("regular", "craft_village")
RECEIVING_BODIES = ("river", "lake", "sea", "onsite", "urban_drainage_no_wwtp", "unknown")


class Cluster(db.Model):
    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(100), index=True)
    commune: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20), default="regular")
    # In a mountainous area (miền núi): Decree 32/2024 then allows 5-75 ha, not 10-75 ha.
    mountainous: Mapped[bool] = mapped_column(default=False, server_default=false())
    area_ha: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    industrial_land_ha: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    leased_land_ha: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    investor_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    establishment_decision_no: Mapped[str | None] = mapped_column(String(80))
    establishment_date: Mapped[date | None]
    planned_start_date: Mapped[date | None]
    planned_completion_date: Mapped[date | None]
    # Milestones written by the stage workflow's effects; the plan's progress counts them.
    infrastructure_started_on: Mapped[date | None]
    operational_on: Mapped[date | None]
    plant_certified_on: Mapped[date | None]
    expanded_on: Mapped[date | None]
    abolished_on: Mapped[date | None]

    stage: Mapped[str] = mapped_column(String(40), default="planned", index=True)
    compliance: Mapped[str] = mapped_column(String(40), default="compliant", index=True)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    investor: Mapped[Organization | None] = relationship(lazy="joined")
    plants: Mapped[list["WastewaterPlant"]] = relationship(
        back_populates="cluster", order_by="WastewaterPlant.id"
    )

    entity_type = "cluster"

    @property
    def occupancy(self) -> Decimal | None:
        """Tỷ lệ lấp đầy: leased industrial land over total industrial land."""
        if not self.industrial_land_ha or self.leased_land_ha is None:
            return None
        return (Decimal(self.leased_land_ha) / Decimal(self.industrial_land_ha)).quantize(
            Decimal("0.0001")
        )


class WastewaterPlant(db.Model):
    """A central wastewater treatment plant (or discharge point) of a cluster."""

    __tablename__ = "wastewater_plants"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    capacity_m3_day: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    standard_code: Mapped[str] = mapped_column(String(40), default="QCVN40:2011")
    standard_column: Mapped[str] = mapped_column(String(1), default="B")
    receiving_body: Mapped[str] = mapped_column(String(40), default="unknown")
    receiving_name: Mapped[str] = mapped_column(String(200), default="")
    receiving_flow_m3s: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    receiving_volume_m3: Mapped[Decimal | None] = mapped_column(Numeric(16, 1))
    # For a sea outfall QCVN 40's Kq depends on the coastal water's use: 'protected'
    # (aquatic life, water sports, recreation) or 'other' (workflows.wastewater.evaluation.SEA_KINDS).
    sea_kind: Mapped[str | None] = mapped_column(String(20))
    discharge_flow_m3_day: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    certification_no: Mapped[str | None] = mapped_column(String(80))
    certification_date: Mapped[date | None]
    meets_standard: Mapped[bool] = mapped_column(default=False)
    # An "existing facility" under Circular 06/2025 keeps QCVN 40:2011 until 31/12/2031. Which
    # event qualifies is not confirmed, so it is recorded, with the event and its date, never
    # computed (workflows/wastewater/binding.py).
    existing_facility: Mapped[bool] = mapped_column(default=False, server_default=false())
    existing_basis: Mapped[str | None] = mapped_column(String(300))
    existing_basis_date: Mapped[date | None]
    # The plant's column under QCVN 40:2025 (A, B or C). Those columns' meaning is not
    # confirmed, so it is recorded, never derived from standard_column; a plant bound by 2025
    # is not evaluated without it.
    successor_column: Mapped[str | None] = mapped_column(String(1))
    device_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Two officials editing one plant: the later save is refused, never written over the other.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    cluster: Mapped[Cluster] = relationship(back_populates="plants")

    entity_type = "plant"

    def to_dict(self):
        return {
            "id": self.id, "name": self.name,
            "capacity_m3_day": _num(self.capacity_m3_day),
            "standard_code": self.standard_code, "standard_column": self.standard_column,
            "receiving_body": self.receiving_body, "receiving_name": self.receiving_name,
            "receiving_flow_m3s": _num(self.receiving_flow_m3s),
            "receiving_volume_m3": _num(self.receiving_volume_m3), "sea_kind": self.sea_kind,
            "discharge_flow_m3_day": _num(self.discharge_flow_m3_day),
            "certification_no": self.certification_no,
            "certification_date": _iso(self.certification_date),
            "meets_standard": self.meets_standard,
            "existing_facility": self.existing_facility, "existing_basis": self.existing_basis,
            "existing_basis_date": _iso(self.existing_basis_date),
            "successor_column": self.successor_column, "version": self.version,
        }


def _num(value):
    return None if value is None else float(value)


def _iso(value):
    return None if value is None else value.isoformat()
