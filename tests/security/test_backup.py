"""`flask backup PATH` and `flask restore PATH`: a backup restored into a fresh database has
every table's rows and every file, byte for byte."""
import io
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from commands.backup import restore_backup
from models import db as _db

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4


@pytest.fixture
def fresh_target(app, tmp_path):
    """An empty database to restore into, beside the test's own; gone after the test."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if make_url(url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    name = make_url(url).database + "_restore"
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    drop()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    drop()
    admin.dispose()


def _rows(engine):
    tables = {}
    with engine.connect() as conn:
        for table in _db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            tables[table.name] = [tuple(r) for r in conn.execute(table.select().order_by(*order))]
    return tables


def test_a_backup_restores_every_table_and_file(app, api, make, db, runner, tmp_path,
                                               monkeypatch, fresh_target):
    # A folder of this test's own: the suite's other tests expect theirs empty.
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "source-uploads"))
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    db.session.commit()
    api.as_(inspector)
    uploaded = api.client.post(f"/api/v1/inspections/{inspection.id}/attachments",
                               data={"file": (io.BytesIO(JPEG), "mẫu.jpg")},
                               headers=api._headers(), content_type="multipart/form-data")
    assert uploaded.status_code == 201
    legacy = Path(app.config["UPLOAD_DIR"]) / "2026" / "cũ.pdf"  # a file kept on disk
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(b"%PDF-1.4 old evidence")

    archive = tmp_path / "ccn.tar.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    source = _rows(db.engine)
    assert source["users"] and source["audit_log"] and source["attachments"]

    target_url = fresh_target
    target = create_app({"TESTING": True, "SECRET_KEY": "t",
                         "SQLALCHEMY_DATABASE_URI": target_url,
                         "UPLOAD_DIR": str(tmp_path / "restored-uploads")})
    with target.app_context():
        restore_backup(target, archive)
        restored = _rows(_db.engine)
        _db.engine.dispose()
    assert restored == source
    copy = tmp_path / "restored-uploads" / "2026" / "cũ.pdf"
    assert copy.read_bytes() == legacy.read_bytes()
    # The restored audit log still proves itself.
    with target.app_context():
        from workflows.engine.audit import verify

        assert verify(_db.session)[1] == []
        _db.session.remove()
        _db.engine.dispose()


def test_a_damaged_archive_is_refused(app, db, runner, tmp_path):
    import tarfile

    archive = tmp_path / "ccn.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("database"):
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    result = runner.invoke(args=["restore", str(damaged), "--yes"])
    assert result.exit_code != 0 and "does not match" in result.output


def _own_sqlite_app(url, tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url,
                       "UPLOAD_DIR": str(tmp_path / "uploads")})


def _archived_tables(archive, tmp_path):
    import sqlite3
    import tarfile

    with tarfile.open(archive) as opened:
        opened.extract("database.sqlite", tmp_path / "out", filter="data")
    copy = sqlite3.connect(tmp_path / "out" / "database.sqlite")
    try:
        return {name for (name,) in copy.execute("SELECT name FROM sqlite_master")}
    finally:
        copy.close()


def test_a_relative_sqlite_path_is_backed_up_from_where_the_app_keeps_it(tmp_path,
                                                                          monkeypatch):
    """Flask-SQLAlchemy puts `sqlite:///ccn.sqlite` in the instance folder: the backup copies
    that file, not an empty one made in the working directory."""
    import config

    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path / "instance")
    monkeypatch.chdir(tmp_path)
    app = _own_sqlite_app("sqlite:///ccn.sqlite", tmp_path)
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    archive = tmp_path / "ccn.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "users" in _archived_tables(archive, tmp_path)
    assert not (tmp_path / "ccn.sqlite").exists()


def test_a_missing_sqlite_file_is_an_error_not_an_empty_backup(tmp_path):
    missing = tmp_path / "nowhere.sqlite"
    app = _own_sqlite_app(f"sqlite:///{missing}", tmp_path)
    archive = tmp_path / "ccn.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 1 and "nowhere.sqlite" in result.output
    assert not missing.exists() and not archive.exists()


def _repacked(archive, tmp_path, edit):
    """The archive's members (name -> bytes) and manifest, changed by edit, packed again."""
    import json
    import tarfile

    with tarfile.open(archive) as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()
                   if m.isfile()}
    manifest = json.loads(members.pop("manifest.json"))
    edit(manifest, members)
    members["manifest.json"] = json.dumps(manifest).encode()
    edited = tmp_path / "edited.tar.gz"
    with tarfile.open(edited, "w:gz") as target:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return edited


@pytest.mark.parametrize("name", ["../escaped.txt", "2026/../../escaped.txt", "/abs.txt",
                                  "", "a\0b"])
def test_a_file_named_outside_the_uploads_folder_refuses_the_archive(
        name, app, make, db, runner, tmp_path, monkeypatch):
    import hashlib

    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    archive = tmp_path / "ccn.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    make.user("inspector")  # after the backup: a restore would take it away
    db.session.commit()
    data = b"not evidence"

    def smuggle(manifest, members):
        manifest["files"][name] = hashlib.sha256(data).hexdigest()
        members["escaped.txt"] = data  # where "../escaped.txt" leads from uploads/

    result = runner.invoke(args=["restore", str(_repacked(archive, tmp_path, smuggle)), "--yes"])
    assert result.exit_code == 1 and "not a file inside the uploads folder" in result.output
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "uploads").exists()
    assert db.session.scalar(text("SELECT count(*) FROM users")) == 1  # the database untouched


def test_an_archive_of_the_other_database_kind_is_refused(app, db, runner, tmp_path):
    archive = tmp_path / "ccn.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    swap = {"database.sqlite": "database.pgdump", "database.pgdump": "database.sqlite"}

    def other_kind(manifest, members):
        held = manifest["database"]["member"]
        manifest["database"]["member"] = swap[held]
        members[swap[held]] = members.pop(held)

    result = runner.invoke(args=["restore", str(_repacked(archive, tmp_path, other_kind)),
                                 "--yes"])
    sqlite = db.engine.url.get_backend_name() == "sqlite"
    expected = ("the archive's database is PostgreSQL and this app's is SQLite" if sqlite else
                "the archive's database is SQLite and this app's is PostgreSQL")
    assert result.exit_code == 1 and expected in result.output, result.output
