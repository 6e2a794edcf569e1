"""The attachments API: lab systems and inspectors' devices upload evidence to an
inspection or a violation, and whoever may see the entity downloads it back."""
import hashlib
import io

import pytest
from sqlalchemy import func, select

from models import Attachment, AuditEntry, Blob

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n" + b"\x00\x01\x02" * 500


def upload(api, url, content, name="photo.jpg", field="file"):
    return api.client.post(url, data={field: (io.BytesIO(content), name)},
                           headers=api._headers(), content_type="multipart/form-data")


def test_an_inspector_uploads_to_an_inspection_and_gets_it_back(api, make, db, app):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    response = upload(api.as_(inspector), f"/api/v1/inspections/{inspection.id}/attachments",
                      JPEG, "mẫu nước thải.jpg")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) >= {"id", "name", "content_type", "size", "sha256", "download_url"}
    assert body["name"] == "mẫu nước thải.jpg" and body["content_type"] == "image/jpeg"
    assert body["size"] == len(JPEG) and body["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert body["download_url"] == f"/api/v1/attachments/{body['id']}"

    served = api.get(body["download_url"])
    assert served.status_code == 200 and served.data == JPEG
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    # The upload left its audit row on the inspection, in the same transaction.
    audit = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "inspection", AuditEntry.trigger == "attach")).one()
    assert audit.entity_id == inspection.id and audit.data["attachment_id"] == body["id"]
    assert api.get(f"/api/v1/inspections/{inspection.id}/attachments").get_json()[
        "items"] == [body]


def test_investors_see_only_their_own_clusters_files(api, make, db):
    org = make.org("investor")
    violation = make.violation(make.cluster(investor=org), make.user("inspector"),
                               state="plan_accepted")
    investor = make.user("investor", org=org)
    response = upload(api.as_(investor), f"/api/v1/violations/{violation.id}/attachments",
                      PDF, "bien-ban.pdf")
    assert response.status_code == 201
    url = response.get_json()["download_url"]
    served = api.get(url)
    assert served.data == PDF and "attachment" in served.headers["Content-Disposition"]

    stranger = make.user("investor")  # another investor organization
    api.as_(stranger)
    assert api.get(url).status_code == 404
    assert upload(api, f"/api/v1/violations/{violation.id}/attachments", PDF).status_code == 404
    assert api.as_(make.user("manager")).get(url).data == PDF


def test_what_is_refused(api, make, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    url = f"/api/v1/inspections/{inspection.id}/attachments"
    api.as_(inspector)
    assert api.client.post(url, data={"file": (io.BytesIO(JPEG), "a.jpg")},
                           content_type="multipart/form-data").status_code == 401  # no token
    missing = upload(api, url, JPEG, field="photo")
    assert missing.status_code == 422 and "file" in missing.get_json()["errors"]
    disguised = upload(api, url, b"<script>alert(1)</script>", "photo.jpg")
    assert disguised.status_code == 422 and "file" in disguised.get_json()["errors"]
    assert upload(api, "/api/v1/inspections/999999/attachments", JPEG).status_code == 404
    assert upload(api, f"/api/v1/clusters/{inspection.cluster_id}/attachments",
                  JPEG).status_code in (404, 405)
    assert api.get("/api/v1/attachments/999999").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 0


def test_the_same_bytes_are_kept_once(api, make, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    api.as_(inspector)
    ids = [upload(api, f"/api/v1/inspections/{inspection.id}/attachments", JPEG,
                  name).get_json()["id"] for name in ("a.jpg", "b.jpg")]
    assert len(set(ids)) == 2
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
    assert all(api.get(f"/api/v1/attachments/{i}").data == JPEG for i in ids)


@pytest.mark.parametrize("limit", [1024])
def test_a_file_over_the_limit_is_refused(api, make, db, app, limit):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    saved = app.config["UPLOAD_MAX_BYTES"]
    app.config["UPLOAD_MAX_BYTES"] = limit
    try:
        response = upload(api.as_(inspector),
                          f"/api/v1/inspections/{inspection.id}/attachments", JPEG)
    finally:
        app.config["UPLOAD_MAX_BYTES"] = saved
    assert response.status_code == 422 and "file" in response.get_json()["errors"]


def test_a_closed_violation_takes_no_more_files(api, make, db):
    inspector = make.user("inspector")
    violation = make.violation(make.cluster(), inspector, state="remediated")
    response = upload(api.as_(inspector), f"/api/v1/violations/{violation.id}/attachments", PDF)
    assert response.status_code == 409
    assert db.session.query(Attachment).count() == 0
