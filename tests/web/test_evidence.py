import io
from pathlib import Path

import pytest

from models import Attachment, Blob
from workflows.operations.evidence import sniff

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.mark.parametrize("head, expected", [
    (JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf"),
    (WEBP, "image/webp"), (b"<html><script>", None), (b"GIF89a", None), (b"", None),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None)])
def test_sniffing_goes_by_content(head, expected):
    assert sniff(head[:16]) == expected


def upload(web, path, content, name, referer=None):
    return web.post(path, {"file": (io.BytesIO(content), name)},
                    content_type="multipart/form-data",
                    headers={"Referer": referer} if referer else {})


def test_investor_uploads_evidence_and_only_viewers_get_it(web, make, db, app):
    org = make.org("investor")
    cluster = make.cluster(investor=org)
    violation = make.violation(cluster, make.user("inspector"), state="plan_accepted")
    investor = make.user("investor", org=org)
    web.login(investor)
    response = upload(web, f"/violation/{violation.id}/evidence", JPEG, "ảnh hiện trường.jpg")
    assert response.status_code == 303
    attachment = db.session.query(Attachment).one()
    assert (attachment.content_type, attachment.entity_id) == ("image/jpeg", violation.id)
    # Kept in the database with the rows, nothing on this host's disk.
    assert db.session.get(Blob, attachment.sha256).content == JPEG
    assert not any(Path(app.config["UPLOAD_DIR"]).rglob("*"))
    page = web.text(f"/violations/{violation.id}")
    assert "ảnh hiện trường.jpg" in page
    served = web.get(f"/attachments/{attachment.id}")
    assert served.status_code == 200 and served.data == JPEG
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    web.post("/logout")
    web.login(make.user("investor"))  # another investor organization
    assert web.get(f"/attachments/{attachment.id}").status_code == 404
    web.post("/logout")
    web.login(make.user("manager"))
    assert web.get(f"/attachments/{attachment.id}").status_code == 200


def test_a_disguised_file_is_refused_beside_the_field(web, make, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    web.login(inspector)
    response = upload(web, f"/inspection/{inspection.id}/evidence",
                      b"<script>alert(1)</script>", "photo.jpg")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="file"' in page and "chỉ nhận JPEG, PNG, WebP, PDF" in page
    assert db.session.query(Attachment).count() == 0


def test_a_file_over_the_limit_is_refused(web, make, db, app):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    web.login(inspector)
    limit = app.config["UPLOAD_MAX_BYTES"]
    app.config["UPLOAD_MAX_BYTES"] = 1024
    try:
        response = upload(web, f"/inspection/{inspection.id}/evidence", PNG + b"\0" * 2000,
                          "big.png")
    finally:
        app.config["UPLOAD_MAX_BYTES"] = limit
    assert response.status_code == 422 and "tệp quá lớn" in response.get_data(as_text=True)
    assert db.session.query(Attachment).count() == 0


def test_an_investor_cannot_add_files_to_another_cluster(web, make, db):
    violation = make.violation(make.cluster(), make.user("inspector"), state="notified")
    web.login(make.user("investor"))
    assert upload(web, f"/violation/{violation.id}/evidence", PDF, "x.pdf").status_code == 404


def test_evidence_ids_come_from_the_uploaded_files(web, make, db):
    org = make.org("investor")
    violation = make.violation(make.cluster(investor=org), make.user("inspector"),
                               state="plan_accepted")
    web.login(make.user("investor", org=org))
    upload(web, f"/violation/{violation.id}/evidence", PDF, "bien-ban-nghiem-thu.pdf")
    attachment = db.session.query(Attachment).one()
    page = web.text(f"/violations/{violation.id}/actions/report_remediation")
    assert f'value="{attachment.id}"' in page and "bien-ban-nghiem-thu.pdf" in page
    response = web.post(f"/violations/{violation.id}/actions/report_remediation",
                        {"version": violation.version, "comment": "Đã lắp bể lắng",
                         "evidence_ids": str(attachment.id)})
    assert response.status_code == 303
    db.session.expire_all()
    assert violation.state == "remediation_reported"
    page = web.text(f"/violations/{violation.id}")
    assert "Đã lắp bể lắng" in page


@pytest.mark.parametrize("kind, state", [("inspection", "closed"), ("inspection", "cancelled"),
                                         ("violation", "remediated"), ("violation", "dismissed")])
def test_a_closed_record_takes_no_more_files(web, make, db, kind, state):
    inspector = make.user("inspector")
    cluster = make.cluster()
    entity = (make.inspection(cluster, inspector, state=state) if kind == "inspection"
              else make.violation(cluster, inspector, state=state))
    web.login(inspector)
    assert 'name="file"' not in web.text(f"/{kind}s/{entity.id}")  # no form offered
    response = upload(web, f"/{kind}/{entity.id}/evidence", PDF, "muon.pdf")
    assert response.status_code == 303  # refused, with the reason, back on the page
    assert db.session.query(Attachment).count() == 0
    assert "Hồ sơ đã đóng, không nhận thêm tệp" in web.text(f"/{kind}s/{entity.id}")


def test_an_open_record_offers_the_upload_form(web, make, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(), inspector, state="in_progress")
    web.login(inspector)
    assert 'name="file"' in web.text(f"/inspections/{inspection.id}")


def test_an_obstacle_takes_its_papers_while_it_is_open(web, api, make, db, clock):
    """The investor who reports an obstacle adds the papers that show it (a bank's letter,
    a complaint); officials add theirs; once it is cleared its record takes no more."""
    from workflows.engine.fire import fire

    org = make.org("investor")
    investor = make.user("investor", org=org)
    obstacle = make.obstacle(make.cluster(investor=org), investor, kind="capital")
    web.login(investor)
    assert 'name="file"' in web.text(f"/obstacles/{obstacle.id}")
    response = upload(web, f"/obstacle/{obstacle.id}/evidence", PDF, "thư ngân hàng.pdf")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/obstacles/{obstacle.id}#evidence")
    assert "thư ngân hàng.pdf" in web.text(f"/obstacles/{obstacle.id}")

    manager = make.user("manager")
    sent = api.as_(manager).client.post(
        f"/api/v1/obstacles/{obstacle.id}/attachments", headers=api._headers(),
        data={"file": (io.BytesIO(JPEG), "hiện trường.jpg")}, content_type="multipart/form-data")
    assert sent.status_code == 201, sent.get_json()
    assert [a["name"] for a in api.get(f"/api/v1/obstacles/{obstacle.id}/attachments")
            .get_json()["items"]] == ["thư ngân hàng.pdf", "hiện trường.jpg"]

    fire(db.session, obstacle, "assign", manager, now=clock(),
         data={"resolve_by": "2026-12-20"})
    fire(db.session, obstacle, "resolve", manager, now=clock(), comment="Đã thu xếp vốn")
    db.session.commit()
    assert 'name="file"' not in web.text(f"/obstacles/{obstacle.id}")
    assert upload(web, f"/obstacle/{obstacle.id}/evidence", PDF, "x.pdf").status_code == 303
    assert "Hồ sơ đã đóng, không nhận thêm tệp" in web.text(f"/obstacles/{obstacle.id}")
    late = api.client.post(f"/api/v1/obstacles/{obstacle.id}/attachments", headers=api._headers(),
                           data={"file": (io.BytesIO(PDF), "x.pdf")},
                           content_type="multipart/form-data")
    assert late.status_code == 409
    assert db.session.query(Attachment).count() == 2
