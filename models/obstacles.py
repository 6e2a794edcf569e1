"""Obstacles (khó khăn, vướng mắc) that hold a cluster back, and the organization that must
clear them: often not the investor but a commune, a department or the city."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .clusters import Cluster
from .organizations import Organization, User

# The kinds the city's plans name when they list what holds clusters back (their labels:
# forms/web_labels.py).
OBSTACLE_KINDS = ("land_clearance", "capital", "planning", "procedures", "infrastructure",
                  "environment", "other")
CLOSED_STATES = ("resolved",)


class Obstacle(db.Model):
    __tablename__ = "obstacles"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # Who must clear it; the resolution deadline is held by this organization.
    responsible_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_on: Mapped[date]
    # Set when it is assigned (and again when the city hands it back).
    due_date: Mapped[date | None]
    person_in_charge: Mapped[str | None] = mapped_column(String(120))
    resolved_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    state: Mapped[str] = mapped_column(String(40), default="reported", index=True)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    cluster: Mapped[Cluster] = relationship(lazy="joined")
    responsible_org: Mapped[Organization] = relationship(lazy="joined")
    reported_by: Mapped[User | None] = relationship()

    entity_type = "obstacle"

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES
