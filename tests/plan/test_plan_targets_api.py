"""Next year's plan entered through the API: created, corrected, audited, checked."""
import pytest
from sqlalchemy import select

from models import AuditEntry, PlanTarget


@pytest.fixture
def manager(make):
    return make.user("manager")


def test_enter_and_correct_next_years_targets(api, manager, db):
    api.as_(manager)
    r = api.post("/api/v1/plan-targets", json={
        "year": 2027, "indicator": "established_or_expanded", "min_value": 10,
        "max_value": 15, "scope": "Kế hoạch năm 2027"})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["label_vi"] == "Thành lập mới hoặc mở rộng CCN"  # the indicator's own
    tid = body["id"]
    r = api.client.patch(f"/api/v1/plan-targets/{tid}", json={"max_value": 20, "version": 1},
                         headers=api._headers())
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["max_value"], r.get_json()["version"]) == (20, 2)
    stale = api.client.patch(f"/api/v1/plan-targets/{tid}", json={"min_value": 12, "version": 1},
                             headers=api._headers())
    assert stale.status_code == 409
    listed = api.get("/api/v1/plan-targets?year=2027").get_json()
    assert [(t["indicator"], t["min_value"], t["max_value"]) for t in listed["items"]] == [
        ("established_or_expanded", 10, 20)]
    audit = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "plan_target", AuditEntry.entity_id == tid)
        .order_by(AuditEntry.id)).all()
    assert [a.trigger for a in audit] == ["create", "update"]
    assert audit[1].data == {"max_value": [15, 20]}
    assert audit[1].actor_id == manager.id


@pytest.mark.parametrize("body,field", [
    ({"indicator": "happiness"}, "indicator"), ({"year": 1999}, "year"),
    ({"min_value": -1}, "min_value"), ({"min_value": "ten"}, "min_value"),
    ({"max_value": 5}, "max_value"),  # below the minimum of 10
    ({"indicator": "plant_meets_standard", "min_value": 120}, "min_value"),
    ({"label_vi": ""}, "label_vi"), ({"colour": "red"}, "colour"),
])
def test_bad_targets_are_422_beside_the_field(api, manager, db, body, field):
    api.as_(manager)
    r = api.post("/api/v1/plan-targets", json={
        "year": 2027, "indicator": "operational", "min_value": 10, **body})
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["errors"]
    assert db.session.query(PlanTarget).count() == 0


def test_one_target_per_year_and_indicator(api, manager):
    api.as_(manager)
    first = {"year": 2027, "indicator": "operational", "min_value": 15, "max_value": 20}
    assert api.post("/api/v1/plan-targets", json=first).status_code == 201
    again = api.post("/api/v1/plan-targets", json=first)
    assert again.status_code == 422 and "indicator" in again.get_json()["errors"]


@pytest.mark.parametrize("role", ["inspector", "investor"])
def test_only_managers_enter_targets(api, make, role):
    api.as_(make.user(role))
    r = api.post("/api/v1/plan-targets", json={"year": 2027, "indicator": "operational",
                                               "min_value": 15})
    assert r.status_code == 403


@pytest.mark.parametrize("indicator", [["operational"], {"a": 1}])
def test_an_indicator_that_is_not_a_name_is_refused_beside_it(api, manager, indicator):
    api.as_(manager)
    r = api.post("/api/v1/plan-targets", json={"year": 2027, "indicator": indicator,
                                               "min_value": 1})
    assert r.status_code == 422 and "indicator" in r.get_json()["errors"], r.get_json()


def test_a_change_without_the_version_read_is_refused(api, manager):
    api.as_(manager)
    tid = api.post("/api/v1/plan-targets", json={
        "year": 2027, "indicator": "operational", "min_value": 15}).get_json()["id"]
    r = api.client.patch(f"/api/v1/plan-targets/{tid}", json={"min_value": 16},
                         headers=api._headers())
    assert r.status_code == 428
