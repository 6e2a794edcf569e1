"""What the scheduler keeps in the database, so that a crash or a restart loses nothing:
which node leads, which recurring deadlines were opened, how deadlines moved, and the
secrets behind the calendar feeds."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .audit import AuditEntry
from .base import UTCDateTime, db, utcnow
from .organizations import Organization, User


class SchedulerHeartbeat(db.Model):
    """One row per scheduler process. Each node writes only its own row; the status page
    reads the leader's last beat to tell whether reminders are going out."""

    __tablename__ = "scheduler_heartbeats"

    node_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(200), default="")
    pid: Mapped[int] = mapped_column(default=0)
    is_leader: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_beat: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RecurringOccurrence(db.Model):
    """The claim on one occurrence of a recurring deadline (rule, holder or cluster,
    period). Its unique key is what makes the sweep idempotent: two sweeps, or the same
    sweep re-run, never open the same half-yearly report twice."""

    __tablename__ = "recurring_occurrences"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    rule: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(20))
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("deadlines.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DeadlineChange(db.Model):
    """Each move of a deadline's due date (an extension granted), oldest first. The audit
    row says which transition moved it; this row says which deadline and from what date,
    so a deadline's history is one indexed query and calendar feeds can bump SEQUENCE."""

    __tablename__ = "deadline_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"), index=True)
    previous_due_date: Mapped[date]
    new_due_date: Mapped[date]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    audit_id: Mapped[int | None] = mapped_column(ForeignKey("audit_log.id"))
    reason: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()
    # Set as a relationship so the audit row (not yet flushed when the effect runs) is
    # inserted first and its id filled in.
    audit: Mapped[AuditEntry | None] = relationship()

    def to_dict(self):
        return {"previous_due_date": self.previous_due_date.isoformat(),
                "new_due_date": self.new_due_date.isoformat(),
                "changed_at": self.changed_at.isoformat(),
                "actor": self.actor.username if self.actor else "system",
                "reason": self.reason}


class CalendarFeed(db.Model):
    """A secret iCalendar URL for one user or one organization. Only a hash of the secret
    is stored (as for API tokens): a leaked database leaks no feed. Issuing again replaces
    the secret, which is how a leaked URL is revoked."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"),
                                                        unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization | None] = relationship()

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (organization_id IS NULL)", name="one_owner"),
    )

    entity_type = "calendar_feed"

    @property
    def scope(self) -> str:
        return "user" if self.user_id else "organization"
