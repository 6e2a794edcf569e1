"""The one storage interface: files kept by content hash, in the application's own
database by default, in the caller's transaction; files from UPLOAD_DIR moved in by a
command."""
import hashlib

import pytest
from sqlalchemy import func, select

from models import Attachment, Blob
from workflows.operations import storage

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_kept_by_content_hash_and_read_back(app, db):
    digest = storage.store(db.session, PNG)
    assert digest == hashlib.sha256(PNG).hexdigest()
    assert storage.store(db.session, PNG) == digest  # again: still one row
    db.session.commit()
    assert storage.load(db.session, digest) == PNG and storage.has(db.session, digest)
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
    assert storage.load(db.session, "0" * 64) is None and not storage.has(db.session, "0" * 64)


def test_a_rolled_back_upload_keeps_nothing(app, db):
    digest = storage.store(db.session, PNG)
    assert storage.load(db.session, digest) == PNG  # visible inside the transaction
    db.session.rollback()
    assert storage.load(db.session, digest) is None


def test_an_unknown_backend_is_refused(app, db):
    app.config["STORAGE_BACKEND"] = "floppy"
    try:
        with pytest.raises(ValueError, match="STORAGE_BACKEND"):
            storage.store(db.session, PNG)
    finally:
        app.config["STORAGE_BACKEND"] = "database"


def test_files_from_upload_dir_are_moved_in(app, db, make, runner, tmp_path):
    """Attachments written before the store kept their bytes under UPLOAD_DIR."""
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector)
    corrupt = b"%PDF-1.4 changed on disk"
    rows = {}
    for name, content in (("kept.png", PNG), ("gone.pdf", b"%PDF-1.4 gone"),
                          ("bad.pdf", b"%PDF-1.4 original")):
        digest = hashlib.sha256(content).hexdigest()
        path = tmp_path / digest[:2] / digest
        if name != "gone.pdf":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if name == "kept.png" else corrupt)
        rows[name] = Attachment(entity_type="inspection", entity_id=inspection.id,
                                filename=name, content_type="image/png", size=len(content),
                                sha256=digest, storage_path=f"{digest[:2]}/{digest}",
                                uploaded_by_id=inspector.id)
        db.session.add(rows[name])
    db.session.commit()

    result = runner.invoke(args=["storage", "import-uploads", "--dir", str(tmp_path)])
    assert result.exit_code == 1  # one file's bytes no longer match: said, and left out
    assert '"stored": 1' in result.output and '"missing": 1' in result.output
    assert "bad.pdf" not in result.output and rows["bad.pdf"].storage_path in result.output
    db.session.rollback()
    assert storage.load(db.session, rows["kept.png"].sha256) == PNG
    assert storage.load(db.session, rows["bad.pdf"].sha256) is None
    # Run again (another host, or a second try): nothing is stored twice.
    again = runner.invoke(args=["storage", "import-uploads", "--dir", str(tmp_path)])
    assert '"present": 1' in again.output
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
