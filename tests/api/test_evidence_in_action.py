"""A plan and a remediation report carry their proof in the action itself: a file attached
in the same form or multipart request, or (API) an attachment of the same record named by
id. Without one, nothing moves."""
import io
import json

import pytest

from models import Attachment, AuditEntry, Violation

PDF = b"%PDF-1.7\n" + b"\x00" * 64


@pytest.fixture
def world(make):
    org = make.org("investor")
    inspector = make.user("inspector")
    cluster = make.cluster(investor=org)
    return {"investor": make.user("investor", org=org), "inspector": inspector,
            "violation": make.violation(cluster, inspector, state="plan_accepted"),
            "other": make.violation(make.cluster(investor=org), inspector, state="notified")}


def _json(api, v, data):
    return api.post(f"/api/v1/violations/{v.id}/transitions",
                    json={"trigger": "report_remediation", "comment": "Đã lắp bể lắng",
                          "version": v.version, "data": data})


@pytest.mark.parametrize("trigger,state", [("report_remediation", "plan_accepted"),
                                           ("submit_plan", "notified")])
def test_without_proof_nothing_moves(api, world, db, trigger, state):
    v = world["violation"] if state == "plan_accepted" else world["other"]
    api.as_(world["investor"])
    r = api.post(f"/api/v1/violations/{v.id}/transitions",
                 json={"trigger": trigger, "comment": "Xong", "version": v.version})
    assert r.status_code == 422 and "evidence_ids" in r.get_json()["errors"]
    assert db.session.get(Violation, v.id).state == state


def test_a_multipart_action_stores_its_files_and_names_them(api, world, db):
    v = world["violation"]
    api.as_(world["investor"])
    r = api.client.post(
        f"/api/v1/violations/{v.id}/transitions", headers=api._headers(),
        content_type="multipart/form-data",
        data={"trigger": "report_remediation", "comment": "Đã lắp bể lắng",
              "version": str(v.version), "data": json.dumps({}),
              "file": [(io.BytesIO(PDF), "nghiem-thu.pdf"), (io.BytesIO(PDF + b"2"), "anh.pdf")]})
    assert r.status_code == 200, r.get_json()
    files = db.session.query(Attachment).filter_by(entity_type="violation", entity_id=v.id).all()
    assert sorted(f.filename for f in files) == ["anh.pdf", "nghiem-thu.pdf"]
    row = AuditEntry.query.filter_by(trigger="report_remediation").one()
    assert sorted(row.data["evidence_ids"]) == sorted(f.id for f in files)


def test_a_refused_file_keeps_the_state(api, world, db):
    v = world["violation"]
    api.as_(world["investor"])
    r = api.client.post(
        f"/api/v1/violations/{v.id}/transitions", headers=api._headers(),
        content_type="multipart/form-data",
        data={"trigger": "report_remediation", "comment": "x", "version": str(v.version),
              "file": (io.BytesIO(b"MZ not a pdf"), "virus.exe")})
    assert r.status_code == 422 and "file" in r.get_json()["errors"]
    assert db.session.get(Violation, v.id).state == "plan_accepted"


def test_json_names_an_attachment_of_the_same_record_only(api, world, db):
    v, other = world["violation"], world["other"]
    api.as_(world["investor"])
    upload = lambda entity: api.client.post(  # noqa: E731
        f"/api/v1/violations/{entity.id}/attachments", headers=api._headers(),
        data={"file": (io.BytesIO(PDF), "p.pdf")}, content_type="multipart/form-data")
    foreign = upload(other).get_json()["id"]
    r = _json(api, v, {"evidence_ids": [foreign]})
    assert r.status_code == 422 and "evidence_ids" in r.get_json()["errors"]
    own = upload(v).get_json()["id"]
    assert _json(api, v, {"evidence_ids": [own]}).status_code == 200


def test_the_page_takes_the_file_in_the_action_form(web, world, db):
    v = world["violation"]
    web.login(world["investor"])
    page = web.text(f"/violations/{v.id}/actions/report_remediation")
    assert 'enctype="multipart/form-data"' in page and 'name="evidence_files"' in page
    r = web.post(f"/violations/{v.id}/actions/report_remediation",
                 data={"version": v.version, "comment": "Đã lắp bể lắng"},
                 content_type="multipart/form-data")
    assert r.status_code == 422 and 'data-field="evidence_ids"' in r.get_data(as_text=True)
    r = web.post(f"/violations/{v.id}/actions/report_remediation",
                 data={"version": v.version, "comment": "Đã lắp bể lắng",
                       "evidence_files": (io.BytesIO(PDF), "bien-ban.pdf")},
                 content_type="multipart/form-data")
    assert r.status_code == 303, r.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert db.session.get(Violation, v.id).state == "remediation_reported"
    assert db.session.query(Attachment).one().filename == "bien-ban.pdf"
