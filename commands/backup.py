"""`flask backup PATH` and `flask restore PATH`: the database with the stored files, as one
archive, taken while the app serves.

SQLite is copied through its online backup API (pages copied under a read lock in steps, so
writers wait at most a step, and the copy is one consistent moment); PostgreSQL through
pg_dump, which reads one snapshot while the app goes on writing. Stored files' bytes live
in the database by default (the blobs table), so they come with it; files still kept under
UPLOAD_DIR are archived beside it. The archive's manifest holds each member's SHA-256.

A restore checks the whole archive before it writes anything: the members against the
manifest, the database's kind against the app's, every file's place inside UPLOAD_DIR."""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from models import db

SQLITE_MEMBER, PG_MEMBER, FILES_MEMBER = "database.sqlite", "database.pgdump", "uploads"
BACKENDS = {SQLITE_MEMBER: "SQLite", PG_MEMBER: "PostgreSQL"}


def _libpq(url: URL):
    """A libpq URL and environment for pg_dump/pg_restore: the password goes in the
    environment, never on the command line (other users see process arguments)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _database_url() -> URL:
    """The URL the engine opened, not the configured string: Flask-SQLAlchemy puts a relative
    SQLite path in the instance folder, where sqlite3 would look in the working directory."""
    return db.engine.url


def _open_existing(path: str) -> sqlite3.Connection:
    """Read-only, so a missing file is an error rather than a new, empty database."""
    try:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"cannot open the database {path}: {exc}") from exc


def _member(url: URL) -> str:
    """The archive member that holds a database of this URL's kind."""
    return SQLITE_MEMBER if url.get_backend_name() == "sqlite" else PG_MEMBER


def _upload_targets(uploads: Path, names) -> dict[str, Path]:
    """Where each file of the manifest goes: a name that leads out of the uploads folder
    (`..`, an absolute path) refuses the archive before anything is written."""
    root = uploads.resolve()
    targets = {}
    for name in names:
        target = root if "\0" in name else (root / name).resolve()  # NUL names no file
        if target == root or not target.is_relative_to(root):
            raise click.ClickException(f"{name!r} is not a file inside the uploads folder; "
                                       "nothing restored")
        targets[name] = target
    return targets


def dump_database(url: URL, folder: Path) -> Path:
    target = folder / _member(url)
    if target.name == SQLITE_MEMBER:
        source = _open_existing(url.database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy, pages=1024)
        finally:
            copy.close()
            source.close()
        return target
    libpq, env = _libpq(url)
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    "--file", str(target), libpq], check=True, env=env)
    return target


def load_database(url: URL, dump: Path) -> None:
    if url.get_backend_name() == "sqlite":
        source = _open_existing(dump)
        target = sqlite3.connect(url.database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    libpq, env = _libpq(url)
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                    "--single-transaction", "--dbname", libpq, str(dump)], check=True, env=env)


def make_backup(app, path: Path) -> dict:
    url = _database_url()
    uploads = Path(app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dump = dump_database(url, folder)
        manifest = {"database": {"member": dump.name, "sha256": _sha256(dump)}, "files": {}}
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            if uploads.is_dir():
                for file in sorted(p for p in uploads.rglob("*") if p.is_file()):
                    relative = file.relative_to(uploads).as_posix()
                    manifest["files"][relative] = _sha256(file)
                    archive.add(file, arcname=f"{FILES_MEMBER}/{relative}")
            data = folder / "manifest.json"
            data.write_text(json.dumps(manifest, indent=1, sort_keys=True))
            archive.add(data, arcname="manifest.json")
    return manifest


def restore_backup(app, path: Path) -> dict:
    url = _database_url()
    uploads = Path(app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r:gz") as archive:
        archive.extractall(tmp, filter="data")  # no absolute paths, no links out of tmp
        folder = Path(tmp)
        manifest = json.loads((folder / "manifest.json").read_text())
        member = manifest["database"]["member"]
        if member != _member(url):
            raise click.ClickException(
                f"the archive's database is {BACKENDS.get(member, repr(member))} and this app's "
                f"is {BACKENDS[_member(url)]}; nothing restored")
        targets = _upload_targets(uploads, manifest["files"])
        dump = folder / member
        if _sha256(dump) != manifest["database"]["sha256"]:
            raise click.ClickException("the archive's database does not match its manifest")
        for relative, digest in manifest["files"].items():
            if _sha256(folder / FILES_MEMBER / relative) != digest:
                raise click.ClickException(f"{relative} does not match the manifest")
        db.session.remove()
        db.engine.dispose()  # no pooled connection may hold the old database open
        load_database(url, dump)
        for relative, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / FILES_MEMBER / relative, target)
    return manifest


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path):
    """Write the database and the stored files to PATH (a .tar.gz), while the app serves."""
    manifest = make_backup(current_app, path)
    click.echo(f"backup written to {path}: database and {len(manifest['files'])} file(s) "
               "outside the database")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database's contents.")
@with_appcontext
def restore(path, yes):
    """Put a backup back: the database's contents are replaced (stop the app first)."""
    if not yes:
        target = _database_url().render_as_string()
        click.confirm(f"Replace {target} with {path}?", abort=True)
    manifest = restore_backup(current_app, path)
    click.echo(f"restored {path}: database and {len(manifest['files'])} file(s)")
