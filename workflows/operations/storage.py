"""Files kept by content hash behind one interface: evidence uploads and generated papers
call `store(session, content)` and `load(session, sha256)`, and never learn where the
bytes are.

- "database" (the default): a row in the application's own database (models.Blob),
  written in the caller's transaction. An upload and its attachment and audit rows commit
  or roll back together, a backup of the database holds the files, and every web host
  serves every file with nothing shared between them but the database.
- "s3": an S3-compatible object store through boto3, for a deployment whose files outgrow
  the database. An object store has no transaction: an upload that rolls back leaves its
  object behind. Keys are content hashes, so such an object is harmless: the next upload
  of the same bytes reuses it, and no row points at it otherwise.

STORAGE_BACKEND chooses; the S3 settings are STORAGE_S3_BUCKET, STORAGE_S3_PREFIX and
STORAGE_S3_ENDPOINT_URL (credentials come from boto3's usual environment variables)."""
import hashlib
import re
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from models import Blob
from models.base import utcnow

SHA256 = re.compile("[0-9a-f]{64}")
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def digest_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def key_of(digest: str) -> str:
    """Where a digest lives in a folder or a bucket: ab/abcdef... (256 prefixes, none
    holding every file)."""
    return f"{digest[:2]}/{digest}"


class DatabaseStore:
    name = "database"

    def put(self, session, digest: str, content: bytes) -> None:
        # ON CONFLICT DO NOTHING: two uploads of the same bytes at once (or one again)
        # keep the one row, and neither waits on an error to roll back.
        insert = _INSERT[session.get_bind().dialect.name]
        session.execute(insert(Blob).values(sha256=digest, size=len(content),
                                            content=content, created_at=utcnow())
                        .on_conflict_do_nothing(index_elements=["sha256"]))

    def get(self, session, digest: str) -> bytes | None:
        return session.scalar(select(Blob.content).where(Blob.sha256 == digest))

    def has(self, session, digest: str) -> bool:
        return session.scalar(select(Blob.sha256).where(Blob.sha256 == digest)) is not None


class S3Store:
    name = "s3"

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def from_config(cls, config):
        import boto3  # only a deployment that chose S3 needs it installed

        client = boto3.client("s3", endpoint_url=config.get("STORAGE_S3_ENDPOINT_URL") or None)
        return cls(client, config["STORAGE_S3_BUCKET"], config.get("STORAGE_S3_PREFIX", ""))

    def _key(self, digest):
        return self.prefix + key_of(digest)

    def put(self, session, digest: str, content: bytes) -> None:
        if not self.has(session, digest):
            self.client.put_object(Bucket=self.bucket, Key=self._key(digest), Body=content)

    def get(self, session, digest: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(digest))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def has(self, session, digest: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(digest))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise


BACKENDS = {"database": lambda config: DatabaseStore(), "s3": S3Store.from_config}


def backend():
    """The app's store, built once per app from its configuration."""
    stores = current_app.extensions.setdefault("blob_store", {})
    name = current_app.config.get("STORAGE_BACKEND", "database")
    if name not in stores:
        if name not in BACKENDS:
            raise ValueError(f"STORAGE_BACKEND must be one of {sorted(BACKENDS)}, not {name!r}")
        stores[name] = BACKENDS[name](current_app.config)
    return stores[name]


def store(session, content: bytes) -> str:
    """Keep `content`; returns its SHA-256 (hex), the key to load it by. In the caller's
    transaction on the database store: nothing is kept if the caller rolls back."""
    digest = digest_of(content)
    backend().put(session, digest, content)
    return digest


def load(session, digest: str) -> bytes | None:
    """The bytes kept under `digest`, or None when nothing is (nor could be: a digest
    that is no SHA-256, as an altered page may post, is never looked up)."""
    if not isinstance(digest, str) or not SHA256.fullmatch(digest):
        return None
    return backend().get(session, digest)


def has(session, digest: str) -> bool:
    return backend().has(session, digest)


def import_file(session, folder, digest: str, relative_path: str) -> str:
    """Bring one file kept on a host's disk (UPLOAD_DIR, before the store) into the store.
    Returns "present" (already stored), "stored", "missing" (no such file here: another
    host may have it) or "corrupt" (its bytes no longer match the hash: left out)."""
    if has(session, digest):
        return "present"
    root = Path(folder).resolve()
    path = (root / relative_path).resolve()
    if root not in path.parents or not path.is_file():
        return "missing"
    content = path.read_bytes()
    if digest_of(content) != digest:
        return "corrupt"
    store(session, content)
    return "stored"
