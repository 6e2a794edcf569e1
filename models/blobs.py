"""Stored files' bytes (evidence, generated papers), one row per content. A row is keyed
by the SHA-256 of its bytes, so the same photo uploaded twice is kept once, and a row once
written never changes. Kept in the application's own database by default: written in the
same transaction as the upload's attachment and audit rows, backed up with the data, and
nothing to share between web hosts (workflows/operations/storage.py)."""
from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow


class Blob(db.Model):
    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    # Deferred: listing or counting blobs never drags megabytes of bytes along.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
