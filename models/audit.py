"""The audit log: one row per transition fired, edit, login or download, the source of every
timeline. Append-only and hash-chained per entity (workflows/engine/audit.py): each row holds
its place in its entity's chain, the previous row's hash and the hash of its own content."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .organizations import User


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int]
    workflow: Mapped[str] = mapped_column(String(40))
    trigger: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Filled in as the row is inserted (workflows/engine/audit.py), never changed after.
    seq: Mapped[int] = mapped_column(default=0, server_default="0")
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")

    actor: Mapped[User | None] = relationship(lazy="joined")

    # One row per place in a chain: two writers can never fork it. It is also how an
    # entity's history is read, in the chain's order.
    __table_args__ = (Index("uq_audit_chain", "entity_type", "entity_id", "seq", unique=True),)

    def to_dict(self):
        return {
            "id": self.id, "workflow": self.workflow, "trigger": self.trigger,
            "from": self.from_state, "to": self.to_state,
            "actor": self.actor.username if self.actor else "system",
            "comment": self.comment, "data": self.data,
            "created_at": self.created_at.isoformat(),
        }
