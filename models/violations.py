"""Violations (vi phạm) found on a cluster, usually by an inspection."""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .clusters import Cluster

OPEN_EXCLUDED = ("remediated", "dismissed")


class Violation(db.Model):
    __tablename__ = "violations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    # The plant whose discharge was over the standard, when known (repeat offences are
    # counted per plant, and a monitoring station's run attaches to its plant's violation).
    plant_id: Mapped[int | None] = mapped_column(ForeignKey("wastewater_plants.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    detected_on: Mapped[date]
    # The sampling date starts the 2-year limitation clock for wastewater offences.
    sampled_on: Mapped[date | None]
    record_no: Mapped[str | None] = mapped_column(String(80))
    decision_no: Mapped[str | None] = mapped_column(String(80))
    # Suggested fine (Decree 45/2022) as computed, and the amount an official confirmed.
    fine_suggestion: Mapped[dict | None] = mapped_column(JSON)
    fine_confirmed_vnd: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    state: Mapped[str] = mapped_column(String(40), default="detected", index=True)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    cluster: Mapped[Cluster] = relationship(lazy="joined")
    # The inspection that found it: who may act on the violation follows who leads it.
    inspection: Mapped["Inspection | None"] = relationship()

    entity_type = "violation"

    @property
    def is_open(self) -> bool:
        return self.state not in OPEN_EXCLUDED
