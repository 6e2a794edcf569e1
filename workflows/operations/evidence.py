"""Evidence files: the type is decided by the content (magic bytes), never by the name or
the browser's word; files are stored outside static/ under UPLOAD_DIR, by content hash."""
import hashlib
import os
from pathlib import Path

from models import Attachment
from workflows.engine.fire import may_act
from workflows.engine.errors import Forbidden, Invalid

# (content type, extension) by signature. WebP is RIFF....WEBP.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
ACCEPTED = "JPEG, PNG, WebP, PDF"


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None if it is not accepted."""
    for magic, content_type, _ in SIGNATURES:
        if head.startswith(magic):
            return content_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def can_attach(entity, user) -> bool:
    """Whoever may act on the entity may add evidence to it (an investor to its own)."""
    return entity.can_view(user) and may_act(entity, user)


def store_attachment(session, entity, user, upload, now, upload_dir: str,
                     max_bytes: int) -> Attachment:
    if not can_attach(entity, user):
        raise Forbidden("Không được thêm tệp vào hồ sơ này / you may not add files here")
    content = upload.stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise Invalid({"file": f"tệp quá lớn (tối đa {max_bytes // (1024 * 1024)} MB) / "
                               f"file too large ({max_bytes // (1024 * 1024)} MB at most)"})
    content_type = sniff(content[:16])
    if content_type is None:
        raise Invalid({"file": f"chỉ nhận {ACCEPTED} / only {ACCEPTED} files are accepted"})
    digest = hashlib.sha256(content).hexdigest()
    relative = Path(digest[:2]) / digest
    target = Path(upload_dir) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(content)
        os.replace(tmp, target)  # a half-written file never carries the final name
    name = os.path.basename((upload.filename or "").replace("\\", "/"))[:255] or digest[:12]
    attachment = Attachment(entity_type=entity.entity_type, entity_id=entity.id, filename=name,
                            content_type=content_type, size=len(content), sha256=digest,
                            storage_path=str(relative), uploaded_by_id=user.id, created_at=now)
    session.add(attachment)
    session.flush()
    return attachment
