"""One test per field rule (workflows/engine/fields.py, workflows/machines/field_rules.py,
workflows/operations/measurement_rules.py): the refused value is a 422 naming the field, the
lawful one goes through. Today is 28/11/2026 (the test clock)."""
from datetime import date

import pytest

from models import AuditEntry, Deadline, Violation


@pytest.fixture
def world(make):
    investor_org = make.org("investor")
    return {
        "manager": make.user("manager"),
        "inspector": make.user("inspector"),
        "investor": make.user("investor", org=investor_org),
        "cluster": make.cluster(investor=investor_org),
    }


def _fire(api, user, entity, trigger, data, comment=""):
    api.as_(user)
    kind = {"cluster": "clusters", "violation": "violations",
            "inspection": "inspections"}[entity.entity_type]
    return api.post(f"/api/v1/{kind}/{entity.id}/transitions",
                    json={"trigger": trigger, "comment": comment, "data": data})


def _refused(r, field):
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["errors"], r.get_json()
    return r.get_json()["errors"][field]


# -- due dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("due", ["2025-01-01", "2026-11-28"])
def test_a_remediation_deadline_must_be_after_today(api, world, make, due):
    v = make.violation(world["cluster"], world["inspector"], state="plan_submitted")
    _refused(_fire(api, world["inspector"], v, "accept_plan", {"due_date": due}), "due_date")
    assert _fire(api, world["inspector"], v, "accept_plan",
                 {"due_date": "2026-11-29"}).status_code == 200


def test_a_remediation_deadline_is_within_the_policys_maximum(api, world, make):
    v = make.violation(world["cluster"], world["inspector"], state="plan_submitted")
    _refused(_fire(api, world["inspector"], v, "accept_plan", {"due_date": "2027-11-29"}),
             "due_date")
    assert _fire(api, world["inspector"], v, "accept_plan",
                 {"due_date": "2027-11-28"}).status_code == 200


@pytest.mark.parametrize("requested", ["2026-12-20", "2026-12-31"])
def test_an_extension_must_be_later_than_the_current_deadline(api, world, make, requested):
    v = make.violation(world["cluster"], world["inspector"], state="plan_submitted")
    assert _fire(api, world["inspector"], v, "accept_plan",
                 {"due_date": "2026-12-31"}).status_code == 200
    message = _refused(_fire(api, world["investor"], v, "request_extension",
                             {"requested_due_date": requested}, "Cần thêm thời gian"),
                       "requested_due_date")
    assert "31/12/2026" in message
    assert _fire(api, world["investor"], v, "request_extension",
                 {"requested_due_date": "2027-01-15"}, "Cần thêm thời gian").status_code == 200
    _refused(_fire(api, world["manager"], v, "grant_extension", {"new_due_date": "2026-12-30"}),
             "new_due_date")
    assert _fire(api, world["manager"], v, "grant_extension",
                 {"new_due_date": "2027-01-15"}).status_code == 200
    assert Deadline.query.filter_by(policy_key="remediation").one().due_date == date(2027, 1, 15)


# -- decision, effective and sampling dates ------------------------------------------------

def test_a_decision_date_is_not_in_the_future(api, world):
    c = world["cluster"]
    _refused(_fire(api, world["manager"], c, "establish",
                   {"decision_no": "1", "decision_date": "2030-01-02"}), "decision_date")
    assert _fire(api, world["manager"], c, "establish",
                 {"decision_no": "1", "decision_date": "2026-11-28"}).status_code == 200


def test_an_effective_date_is_neither_future_nor_before_the_previous_stage(api, world, make):
    c = make.cluster(investor=world["cluster"].investor, stage="established",
                     establishment_date=date(2026, 6, 1))
    _refused(_fire(api, world["manager"], c, "start_infrastructure",
                   {"effective_date": "2030-01-01"}), "effective_date")
    message = _refused(_fire(api, world["manager"], c, "start_infrastructure",
                             {"effective_date": "2026-05-31"}), "effective_date")
    assert "01/06/2026" in message
    assert _fire(api, world["manager"], c, "start_infrastructure",
                 {"effective_date": "2026-06-01"}).status_code == 200


def test_a_planned_completion_follows_the_planned_start(api, world):
    r = _fire(api, world["manager"], world["cluster"], "establish",
              {"decision_no": "1", "decision_date": "2026-11-01",
               "planned_start_date": "2027-03-01", "planned_completion_date": "2027-02-01"})
    _refused(r, "planned_completion_date")


def test_a_sampling_date_is_not_in_the_future(api, world):
    api.as_(world["inspector"])
    r = api.post("/api/v1/violations", json={"cluster_id": world["cluster"].id, "title": "X",
                                             "sampled_on": "2026-11-29"})
    _refused(r, "sampled_on")
    r = api.post("/api/v1/violations", json={"cluster_id": world["cluster"].id, "title": "X",
                                             "sampled_on": "2026-11-28"})
    assert r.status_code == 201


def test_an_inspection_is_not_planned_in_the_past(api, world):
    api.as_(world["inspector"])
    r = api.post("/api/v1/inspections", json={"cluster_id": world["cluster"].id,
                                              "planned_date": "2020-01-01"})
    _refused(r, "planned_date")
    r = api.post("/api/v1/inspections", json={"cluster_id": world["cluster"].id,
                                              "planned_date": "2026-11-28"})
    assert r.status_code == 201


# -- the fine --------------------------------------------------------------------------------

SUGGESTION = {"sanction": "fine", "total_min_vnd": 336_000_000, "total_max_vnd": 360_000_000,
              "cap_vnd": 2_000_000_000, "citation": "Điểm k khoản 3 Điều 18"}


@pytest.fixture
def notified(world, make):
    return make.violation(world["cluster"], world["inspector"], state="notified",
                          fine_suggestion=SUGGESTION)


def test_the_fine_is_never_above_the_legal_maximum(api, world, notified):
    r = _fire(api, world["manager"], notified, "sanction",
              {"decision_no": "QĐ-1", "fine_vnd": 5_000_000_000,
               "fine_departure_reason": "Nhiều tình tiết tăng nặng"})
    assert "2.000.000.000" in _refused(r, "fine_vnd")


def test_the_fine_is_greater_than_zero(api, world, notified):
    _refused(_fire(api, world["manager"], notified, "sanction",
                   {"decision_no": "QĐ-1", "fine_vnd": 0,
                    "fine_departure_reason": "Miễn phạt"}), "fine_vnd")


def test_a_fine_outside_the_suggestion_needs_a_written_reason(api, world, notified, db):
    message = _refused(_fire(api, world["manager"], notified, "sanction",
                             {"decision_no": "QĐ-1", "fine_vnd": 300_000_000}), "fine_vnd")
    assert "336.000.000" in message and "360.000.000" in message
    r = _fire(api, world["manager"], notified, "sanction",
              {"decision_no": "QĐ-1", "fine_vnd": 300_000_000,
               "fine_departure_reason": "Tình tiết giảm nhẹ: tự nguyện khắc phục"})
    assert r.status_code == 200, r.get_json()
    row = AuditEntry.query.filter_by(trigger="sanction").one()
    assert row.data["fine_departure_reason"] == "Tình tiết giảm nhẹ: tự nguyện khắc phục"
    assert row.data["fine_within_suggestion"] is False


def test_a_fine_within_the_suggestion_needs_no_reason(api, world, notified):
    r = _fire(api, world["manager"], notified, "sanction",
              {"decision_no": "QĐ-1", "fine_vnd": 340_000_000})
    assert r.status_code == 200, r.get_json()


def test_without_a_suggestion_the_range_is_the_organisations_legal_range(api, world, make):
    v = make.violation(world["cluster"], world["inspector"], state="notified")
    _refused(_fire(api, world["manager"], v, "sanction",
                   {"decision_no": "QĐ-1", "fine_vnd": 2_000_000_001}), "fine_vnd")
    assert _fire(api, world["manager"], v, "sanction",
                 {"decision_no": "QĐ-1", "fine_vnd": 2_000_000_000}).status_code == 200


# -- measurements --------------------------------------------------------------------------

@pytest.fixture
def on_site(world, make):
    inspection = make.inspection(world["cluster"], world["inspector"], state="in_progress")
    make.plant(world["cluster"])
    return inspection


def _finding(api, world, inspection, measurements, category="wastewater"):
    api.as_(world["inspector"])
    return api.post(f"/api/v1/inspections/{inspection.id}/findings", json={
        "category": category, "severity": "medium", "description": "Mẫu tại cửa xả",
        "measurements": measurements})


def test_a_measurement_is_not_negative(api, world, on_site):
    r = _finding(api, world, on_site, [{"parameter": "cod", "value": -5, "unit": "mg/L"}])
    _refused(r, "measurements[0].value")
    r = _finding(api, world, on_site, [{"parameter": "noise", "value": -5, "unit": "dB"}],
                 category="other")
    _refused(r, "measurements[0].value")


def test_a_wastewater_parameter_must_be_known(api, world, on_site):
    _refused(_finding(api, world, on_site, [{"parameter": "unobtainium", "value": 5,
                                             "unit": "mg/L"}]), "measurements[0].parameter")


@pytest.mark.parametrize("value,said", [(-0.1, "không được âm"),
                                        (14.1, "pH phải nằm trong khoảng từ 0 đến 14")])
def test_ph_is_between_0_and_14(api, world, on_site, value, said):
    assert _refused(_finding(api, world, on_site, [{"parameter": "ph", "value": value,
                                                    "unit": "-"}]),
                    "measurements[0].value") == said  # 14.1 in the evaluation page's words


def test_the_unit_is_the_standards(api, world, on_site, make):
    _refused(_finding(api, world, on_site, [{"parameter": "cod", "value": 50, "unit": "g/L"}]),
             "measurements[0].unit")
    # Without a plant nothing is evaluated, and the unit is still held to the standard.
    no_plant = make.inspection(make.cluster(), world["inspector"], state="in_progress")
    _refused(_finding(api, world, no_plant, [{"parameter": "cod", "value": 50, "unit": "g/L"}]),
             "measurements[0].unit")


@pytest.mark.parametrize("unit", ["MPN/100mL", "CFU/100mL", "vi khuẩn/100ml"])
def test_coliform_counts_as_mpn_or_cfu(api, world, on_site, unit):
    r = _finding(api, world, on_site, [{"parameter": "coliform", "value": 2000, "unit": unit}])
    assert r.status_code == 201, r.get_json()


def test_an_implausible_magnitude_is_refused(api, world, on_site):
    _refused(_finding(api, world, on_site, [{"parameter": "cod", "value": 5_000_000,
                                             "unit": "mg/L"}]), "measurements[0].value")
    r = _finding(api, world, on_site, [{"parameter": "cod", "value": 500, "unit": "mg/L"}])
    assert r.status_code == 201, r.get_json()


def test_a_sampling_time_is_not_in_the_future(api, world, on_site):
    r = _finding(api, world, on_site, [{"parameter": "cod", "value": 50, "unit": "mg/L",
                                        "sampled_at": "2026-11-29T09:00"}])
    _refused(r, "measurements[0].sampled_at")


# -- the pages refuse the same values with the same words ----------------------------------

def test_the_page_refuses_a_past_deadline_beside_the_field_and_keeps_it(web, world, make, db):
    v = make.violation(world["cluster"], world["inspector"], state="plan_submitted")
    web.login(world["inspector"])
    r = web.post(f"/violations/{v.id}/actions/accept_plan",
                 data={"version": v.version, "due_date": "01/01/2025"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "phải sau ngày hôm nay (28/11/2026)" in html
    assert 'value="01/01/2025"' in html
    assert db.session.get(Violation, v.id).state == "plan_submitted"


def test_the_sanction_page_shows_and_prefills_the_suggested_range(web, world, notified):
    web.login(world["manager"])
    html = web.text(f"/violations/{notified.id}/actions/sanction")
    assert "Khung đề xuất: 336.000.000 – 360.000.000 VND" in html
    assert 'value="336000000"' in html
    assert "fine_departure_reason" in html
