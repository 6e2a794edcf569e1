"""A wrong finding can be corrected while the check is open and withdrawn until it is
closed; each change is an audit row; a violation the withdrawn finding opened is dismissed
with it while nobody has answered it."""
import pytest

from models import AuditEntry, Finding, Violation


@pytest.fixture
def world(make):
    inspector = make.user("inspector")
    cluster = make.cluster(stage="operational")
    make.plant(cluster)
    inspection = make.inspection(cluster, inspector, state="in_progress")
    return {"inspector": inspector, "inspection": inspection, "cluster": cluster,
            "investor": make.user("investor", org=cluster.investor)}


def _log(api, inspection, value=310, severity="medium"):
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": "wastewater", "severity": severity, "description": "Cửa xả",
        "measurements": [{"parameter": "cod", "value": value, "unit": "mg/L"}]})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_a_finding_is_corrected_and_the_audit_keeps_both(api, world, db):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection, value=310)
    assert finding["is_violation"]
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings/{finding['id']}", json={
        "category": "wastewater", "severity": "low", "description": "Cửa xả (sửa số liệu)",
        "measurements": [{"parameter": "cod", "value": 31, "unit": "mg/L"}]})
    assert r.status_code == 200, r.get_json()
    assert not r.get_json()["is_violation"] and r.get_json()["measurements"][0]["value"] == 31
    row = AuditEntry.query.filter_by(trigger="correct_finding").one()
    assert row.data["before"]["measurements"][0]["value"] == 310
    assert row.data["after"]["measurements"][0]["value"] == 31


def test_a_correction_is_held_to_the_same_rules(api, world):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection)
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings/{finding['id']}", json={
        "category": "wastewater", "severity": "low", "description": "x",
        "measurements": [{"parameter": "cod", "value": -1, "unit": "mg/L"}]})
    assert r.status_code == 422 and "measurements[0].value" in r.get_json()["errors"]


def test_no_correction_once_concluded(api, world, db):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection)
    inspection.state = "concluded"
    db.session.commit()
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings/{finding['id']}", json={
        "category": "other", "severity": "low", "description": "x"})
    assert r.status_code == 409


def test_a_withdrawn_finding_takes_its_unanswered_violation_with_it(api, world, db):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection, value=310, severity="high")
    for trigger in ("record_findings", "conclude"):
        v = api.get(f"/api/v1/inspections/{inspection.id}").get_json()["version"]
        r = api.post(f"/api/v1/inspections/{inspection.id}/transitions",
                     json={"trigger": trigger, "comment": "Kết luận", "version": v})
        assert r.status_code == 200, r.get_json()
    violation_id = db.session.get(Finding, finding["id"]).violation_id
    assert violation_id is not None
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings/{finding['id']}/withdraw",
                 json={"reason": "Nhầm mẫu của cơ sở khác"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["dismissed_violation_id"] == violation_id
    db.session.expire_all()
    assert db.session.get(Finding, finding["id"]) is None
    assert db.session.get(Violation, violation_id).state == "dismissed"
    row = AuditEntry.query.filter_by(trigger="withdraw_finding").one()
    assert row.comment == "Nhầm mẫu của cơ sở khác" and row.data["finding"]["id"] == finding["id"]


def test_an_answered_violation_stays(api, world, db, make):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection, severity="high")
    inspection.state = "concluded"
    violation = make.violation(world["cluster"], world["inspector"], state="plan_submitted")
    db.session.get(Finding, finding["id"]).violation_id = violation.id
    db.session.commit()
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings/{finding['id']}/withdraw",
                 json={"reason": "Nhầm"})
    assert r.status_code == 200
    db.session.expire_all()
    assert db.session.get(Violation, violation.id).state == "plan_submitted"


def test_a_withdrawal_needs_a_reason_and_an_official(api, world):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection)
    url = f"/api/v1/inspections/{inspection.id}/findings/{finding['id']}/withdraw"
    assert api.post(url, json={"reason": " "}).status_code == 422
    api.as_(world["investor"])
    assert api.post(url, json={"reason": "x"}).status_code in (403, 404)


def test_the_page_withdraws_a_finding_and_shows_why_values_were_not_assessed(web, world, make,
                                                                             db):
    inspection = make.inspection(make.cluster(), world["inspector"], state="in_progress")
    from workflows.operations.inspections import log_finding

    finding = log_finding(db.session, inspection, world["inspector"], make.clock(),
                          category="wastewater", severity="low", description="Cửa xả",
                          measurements=[{"parameter": "cod", "value": 50, "unit": "mg/L"}])
    web.login(world["inspector"])
    page = web.text(f"/inspections/{inspection.id}")
    assert "Cụm chưa có trạm XLNT" in page and "withdraw" in page
    r = web.post(f"/inspections/{inspection.id}/findings/{finding.id}/withdraw",
                 data={"reason": "Nhầm cơ sở"})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(Finding, finding.id) is None


def test_the_page_corrects_a_finding_and_the_audit_keeps_both(web, world, api, db):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection, value=310)
    web.login(world["inspector"])
    assert f"/findings/{finding['id']}/edit" in web.text(f"/inspections/{inspection.id}")
    form = web.text(f"/inspections/{inspection.id}/findings/{finding['id']}/edit")
    assert 'value="310' in form and "Cửa xả" in form  # the finding as recorded
    sent = {"category": "wastewater", "severity": "low", "description": "Cửa xả (sửa số liệu)",
            "measurements-0-parameter": "cod", "measurements-0-value": "31",
            "measurements-0-unit": "mg/L", "reason": "Nhầm đơn vị"}
    r = web.post(f"/inspections/{inspection.id}/findings/{finding['id']}/edit", data=sent)
    assert r.status_code == 303
    db.session.expire_all()
    corrected = db.session.get(Finding, finding["id"])
    assert corrected.description == "Cửa xả (sửa số liệu)"
    assert [float(m.value) for m in corrected.measurements] == [31]
    row = AuditEntry.query.filter_by(trigger="correct_finding").one()
    assert row.comment == "Nhầm đơn vị"
    assert row.data["before"]["measurements"][0]["value"] == 310


def test_the_page_keeps_a_refused_correction_beside_its_field(web, world, api, db):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection, value=310)
    web.login(world["inspector"])
    r = web.post(f"/inspections/{inspection.id}/findings/{finding['id']}/edit", data={
        "category": "wastewater", "severity": "low", "description": "Sửa",
        "measurements-0-parameter": "cod", "measurements-0-value": "-5",
        "measurements-0-unit": "mg/L"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'value="-5"' in page and 'data-field="measurements-0-value"' in page
    db.session.expire_all()
    assert [float(m.value) for m in db.session.get(Finding, finding["id"]).measurements] == [310]


def test_only_officials_of_an_open_check_may_open_the_correction(web, world, api, db):
    inspection = world["inspection"]
    api.as_(world["inspector"])
    finding = _log(api, inspection)
    web.login(world["investor"])
    assert web.get(f"/inspections/{inspection.id}/findings/{finding['id']}/edit").status_code \
        in (403, 404)
    web.post("/logout")
    inspection.state = "concluded"
    db.session.commit()
    web.login(world["inspector"])
    assert web.get(f"/inspections/{inspection.id}/findings/{finding['id']}/edit").status_code \
        == 403


@pytest.mark.parametrize("sent", ["2026-11-27T09:30", "2026-11-27T09:30:00+07:00",
                                  "2026-11-27T02:30:00Z", "27/11/2026 09:30"])
def test_a_sampling_time_reads_as_hanoi_time_and_what_the_api_returns_reads_back(
        api, world, sent):
    """Without an offset a time is Hanoi's, as on the page; the API answers in UTC, and
    that answer, sent back in a correction, keeps the time."""
    inspection = world["inspection"]
    api.as_(world["inspector"])
    measurement = {"parameter": "cod", "value": 31, "unit": "mg/L"}
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": "wastewater", "severity": "low", "description": "Cửa xả",
        "measurements": [{**measurement, "sampled_at": sent}]})
    assert r.status_code == 201, r.get_json()
    returned = r.get_json()["measurements"][0]["sampled_at"]
    assert returned == "2026-11-27T02:30:00+00:00"
    r = api.post(f"/api/v1/inspections/{inspection.id}/findings/{r.get_json()['id']}", json={
        "category": "wastewater", "severity": "low", "description": "Cửa xả (sửa)",
        "measurements": [{**measurement, "sampled_at": returned}]})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["measurements"][0]["sampled_at"] == returned


@pytest.mark.parametrize("sent", ["2026-11-27", "27/11/2026", "hôm qua", "2026-11-27T25:00"])
def test_a_sampling_time_that_is_no_time_is_refused_beside_it(api, world, sent):
    api.as_(world["inspector"])
    r = api.post(f"/api/v1/inspections/{world['inspection'].id}/findings", json={
        "category": "wastewater", "severity": "low", "description": "Cửa xả",
        "measurements": [{"parameter": "cod", "value": 31, "unit": "mg/L",
                          "sampled_at": sent}]})
    assert r.status_code == 422, r.get_json()
    assert "measurements[0].sampled_at" in r.get_json()["errors"]
