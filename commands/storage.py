import json
from collections import Counter

import click
from flask import current_app
from flask.cli import AppGroup

from models import Attachment, db

storage_cli = AppGroup("storage", help="Stored files: evidence and generated papers.")


@storage_cli.command("import-uploads")
@click.option("--dir", "folder", default=None, metavar="PATH",
              help="The folder the files were kept in (default: UPLOAD_DIR).")
def import_uploads(folder):
    """Move the files kept under UPLOAD_DIR into the store. Safe to run again, and on each
    host that kept files; the files on disk are left for you to delete once checked."""
    from sqlalchemy import select

    from workflows.operations.storage import import_file

    folder = folder or current_app.config["UPLOAD_DIR"]
    files = db.session.execute(select(Attachment.sha256, Attachment.storage_path)
                               .distinct()).all()
    counts = Counter()
    for digest, relative in files:
        result = import_file(db.session, folder, digest, relative)
        counts[result] += 1
        if result == "corrupt":
            click.echo(f"{relative}: bytes do not match sha256 {digest}; left out", err=True)
        db.session.commit()  # one file at a time: a large folder never holds one transaction
    click.echo(json.dumps({"folder": folder, **counts}))
    if counts["corrupt"]:
        raise SystemExit(1)
