"""The S3-compatible store behind the same interface, against moto's in-process S3 (no
network: moto answers botocore's requests inside this process)."""
import hashlib
import io

import pytest

boto3 = pytest.importorskip("boto3")
moto = pytest.importorskip("moto")

from models import Attachment, Blob  # noqa: E402
from workflows.operations import storage  # noqa: E402

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 16


@pytest.fixture
def s3_store(app, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-1")
    with moto.mock_aws():
        boto3.client("s3").create_bucket(
            Bucket="ccn-files", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
        app.config.update(STORAGE_BACKEND="s3", STORAGE_S3_BUCKET="ccn-files",
                          STORAGE_S3_PREFIX="evidence")
        app.extensions.pop("blob_store", None)
        try:
            yield boto3.client("s3")
        finally:
            app.config["STORAGE_BACKEND"] = "database"
            app.extensions.pop("blob_store", None)


def test_files_go_to_the_bucket_by_content_hash(app, db, s3_store):
    digest = storage.store(db.session, JPEG)
    assert digest == hashlib.sha256(JPEG).hexdigest()
    key = f"evidence/{digest[:2]}/{digest}"
    assert s3_store.get_object(Bucket="ccn-files", Key=key)["Body"].read() == JPEG
    assert storage.load(db.session, digest) == JPEG and storage.has(db.session, digest)
    assert storage.load(db.session, "0" * 64) is None and not storage.has(db.session, "0" * 64)
    assert db.session.query(Blob).count() == 0  # nothing in the database


def test_an_upload_through_the_api_is_served_from_the_bucket(api, make, db, s3_store):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    api.as_(inspector)
    created = api.client.post(f"/api/v1/inspections/{inspection.id}/attachments",
                              data={"file": (io.BytesIO(JPEG), "mau.jpg")},
                              headers=api._headers(), content_type="multipart/form-data")
    assert created.status_code == 201
    assert api.get(created.get_json()["download_url"]).data == JPEG
    assert db.session.get(Attachment, created.get_json()["id"]).sha256 == \
        hashlib.sha256(JPEG).hexdigest()
