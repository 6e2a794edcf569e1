"""Deadlines (thời hạn) and the policies that give each its length.

A deadline is a row, so a restart of the scheduler loses nothing: the sweep only looks at
open rows that are due. Policies are data an admin edits; a change applies to deadlines
opened after it, because each deadline stores its own due date."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .organizations import Organization


class DeadlinePolicy(db.Model):
    __tablename__ = "deadline_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    label_vi: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    duration: Mapped[int]
    unit: Mapped[str] = mapped_column(String(20))  # calendar_days | working_days
    # Who holds the deadline: investor | inspecting_org | department (see workflows.machines.effects).
    holder: Mapped[str] = mapped_column(String(30))
    # Offsets in days relative to the due date: negative before, positive escalations after.
    reminders: Mapped[list] = mapped_column(JSON, default=lambda: [-7, -1, 0, 1, 7])
    legal_basis: Mapped[str] = mapped_column(String(300), default="")

    entity_type = "deadline_policy"


class Deadline(db.Model):
    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int]
    policy_key: Mapped[str] = mapped_column(String(60))
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    holder_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    due_date: Mapped[date]
    original_due_date: Mapped[date]
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(20))  # met | cancelled | superseded

    holder: Mapped[Organization] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_deadlines_entity", "entity_type", "entity_id"),
        # The sweep reads only open deadlines by due date: a partial index keeps its cost
        # proportional to what is due, not to what is open. The holder rides along so the
        # deadline board counts open deadlines per holder from the index alone.
        Index("ix_deadlines_open_due", "due_date", "holder_org_id",
              postgresql_where=text("closed_at IS NULL"), sqlite_where=text("closed_at IS NULL")),
        # One holder's open deadlines by due date: the board's first few per holder, its
        # 'see all' list, an investor's own. The plain holder index also reads closed ones.
        # The id, the lists' tie-break, makes the ranking readable from the index alone.
        Index("ix_deadlines_open_holder_due", "holder_org_id", "due_date", "id",
              postgresql_where=text("closed_at IS NULL"), sqlite_where=text("closed_at IS NULL")),
    )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date < today

    def to_dict(self, today: date | None = None):
        return {
            "id": self.id, "entity_type": self.entity_type, "entity_id": self.entity_id,
            "policy": self.policy_key, "title_vi": self.title_vi, "title_en": self.title_en,
            "holder": self.holder.to_dict(), "due_date": self.due_date.isoformat(),
            "original_due_date": self.original_due_date.isoformat(),
            "open": self.is_open, "outcome": self.outcome,
            "overdue": self.is_overdue(today) if today else None,
        }
