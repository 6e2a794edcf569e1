"""Evidence files: the type is decided by the content (magic bytes), never by the name or
the browser's word; the bytes are kept by content hash in the store (storage.py), in the
same transaction as the attachment row and its audit row."""
from flask_babel import gettext as _

from models import Attachment, Cluster, Inspection, Obstacle, Violation
from workflows.engine.audit import write_audit
from workflows.engine.errors import Conflict, Forbidden, Invalid
from workflows.engine.registry import is_closed
from workflows.operations.file_names import clean_file_name
from workflows.permissions import can_attach

from . import storage

# (content type, extension) by signature. WebP is RIFF....WEBP.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
ACCEPTED = "JPEG, PNG, WebP, PDF"
# The records evidence is kept on, by entity type: the pages and the API upload to and
# serve from these alone.
RECORDS = {"cluster": Cluster, "inspection": Inspection, "obstacle": Obstacle,
           "violation": Violation}


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None if it is not accepted."""
    for magic, content_type, _extension in SIGNATURES:
        if head.startswith(magic):
            return content_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def accepts_files(user, entity) -> bool:
    """The upload form is offered exactly when store_attachment would take the file: to
    whoever may attach, while the record is open (a closed record is what was decided)."""
    return can_attach(user, entity) and not is_closed(entity)


def store_attachment(session, entity, user, upload, now, max_bytes: int) -> Attachment:
    if not can_attach(user, entity):
        raise Forbidden(_("Không được thêm tệp vào hồ sơ này"))
    if is_closed(entity):
        raise Conflict(_("Hồ sơ đã đóng, không nhận thêm tệp"))
    content = upload.stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise Invalid({"file": _("tệp quá lớn (tối đa %(mb)s MB)", mb=max_bytes // (1024 * 1024))})
    content_type = sniff(content[:16])
    if content_type is None:
        raise Invalid({"file": _("chỉ nhận %(kinds)s", kinds=ACCEPTED)})
    digest = storage.store(session, content)
    name = clean_file_name(upload.filename, digest[:12])
    attachment = Attachment(entity_type=entity.entity_type, entity_id=entity.id, filename=name,
                            content_type=content_type, size=len(content), sha256=digest,
                            storage_path=storage.key_of(digest), uploaded_by_id=user.id,
                            created_at=now)
    session.add(attachment)
    session.flush()
    write_audit(session, entity=entity, workflow="evidence", trigger="attach", actor=user,
                now=now, comment=name, data={"attachment_id": attachment.id, "sha256": digest})
    return attachment


def attachment_content(session, attachment: Attachment) -> bytes | None:
    """The file's bytes, from whichever store keeps them; None if they are missing."""
    return storage.load(session, attachment.sha256)
