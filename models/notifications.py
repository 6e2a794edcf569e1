"""The outbox: notifications are queued in the same transaction as the change that caused
them and sent only after it commits, each once, by its idempotency key. A day's digest,
written once for many, is claimed first (NotificationClaim)."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(10), default="in_app")  # in_app | email
    # The recipient is a user or an organization's own address, never both: a user's row
    # needs no organization (the user has one), and on PostgreSQL every key set here is
    # one foreign-key check more per row, thousands per sweep.
    recipient_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str | None] = mapped_column(String(20))
    entity_id: Mapped[int | None]
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sent|failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_notifications_pending", "status", "next_attempt_at"),
        # A user's notifications, and the unread badge on every page: with read_at in the
        # index the count reads the unread rows only, not years of read ones.
        Index("ix_notifications_recipient_unread", "recipient_user_id", "read_at"),
        CheckConstraint("(recipient_user_id IS NULL) <> (recipient_org_id IS NULL)",
                        name="one_recipient"),
    )


class NotificationClaim(db.Model):
    """A day's digest to an organization's recipients, claimed once (digest:<day>:<org>).
    Whoever inserts the key renders the digest and fans it out to the recipients of that
    moment; a later run, or a second scheduler, finds the key taken and renders nothing."""

    __tablename__ = "notification_claims"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
