"""Evidence files (photos, PDFs). Stored outside static/ and served only after a
permission check on the entity they belong to."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_path: Mapped[str] = mapped_column(String(500))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A paper the product drew up (workflows/operations/papers): its kind (check_record,
    # violation_record, ...) and the number printed on it; None for an uploaded file.
    kind: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(80))
    # The SHA-256 the paper's QR code prints (/verify/<hash>): of the paper's content, since a
    # file cannot carry the hash of its own bytes. /verify answers to either hash.
    verify_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    __table_args__ = (Index("ix_attachments_entity", "entity_type", "entity_id"),
                      Index("ix_attachments_sha256", "sha256"))
