"""New clusters with their establishment decision, and Decree 32/2024's conditions as
guards whose reason is shown when they hold an action back."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import AuditEntry, Cluster, Deadline
from workflows.engine.errors import Conflict
from workflows.engine.fire import allowed_triggers, fire, held_back


def decision(investor, **kw):
    return {"code": "CCN-TT-01", "name": "CCN Thạch Thất mở rộng", "district": "Thạch Thất",
            "commune": "Phùng Xá", "kind": "regular", "area_ha": 37.5,
            "industrial_land_ha": 25, "investor_id": investor.id,
            "decision_no": "1234/QĐ-UBND", "decision_date": "2026-11-20",
            "planned_start_date": "2027-06-30", "planned_completion_date": "2029-12-31", **kw}


def test_api_records_the_establishment_decision_with_its_schedule(api, make, db):
    investor = make.org("investor")
    api.as_(make.user("manager"))
    r = api.post("/api/v1/clusters", json=decision(investor))
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert (body["stage"], body["establishment_decision_no"], body["establishment_date"]) == (
        "established", "1234/QĐ-UBND", "2026-11-20")
    assert (body["investor"]["id"], body["planned_start_date"]) == (investor.id, "2027-06-30")
    start = db.session.scalar(select(Deadline).where(
        Deadline.entity_type == "cluster", Deadline.entity_id == body["id"],
        Deadline.policy_key == "infrastructure_start"))
    assert (start.due_date, start.holder_org_id) == (date(2027, 6, 30), investor.id)
    trail = db.session.scalars(select(AuditEntry.trigger).where(
        AuditEntry.entity_type == "cluster", AuditEntry.entity_id == body["id"])
        .order_by(AuditEntry.id)).all()
    assert trail == ["create", "establish"]


@pytest.mark.parametrize("area,kind,mountainous,ok", [
    (9.5, "regular", False, False), (10, "regular", False, True), (75, "regular", False, True),
    (75.5, "regular", False, False), (6, "craft_village", False, True),
    (6, "regular", "true", True), (4.9, "craft_village", False, False),
])
def test_size_bounds_hold_the_decision_back_beside_the_area(api, make, db, area, kind,
                                                            mountainous, ok):
    investor = make.org("investor")
    api.as_(make.user("manager"))
    body = decision(investor, area_ha=area, kind=kind, industrial_land_ha=4)
    if mountainous:
        body["mountainous"] = mountainous
    r = api.post("/api/v1/clusters", json=body)
    if ok:
        assert r.status_code == 201, r.get_json()
    else:
        assert r.status_code == 422, r.get_json()
        assert "Nghị định 32/2024" in r.get_json()["errors"]["area_ha"]
        assert db.session.query(Cluster).count() == 0  # nothing half-made


def test_a_planned_cluster_is_created_without_a_decision(api, make):
    api.as_(make.user("manager"))
    body = decision(make.org("investor"))
    del body["decision_no"], body["decision_date"]
    r = api.post("/api/v1/clusters", json=body)
    assert r.status_code == 201 and r.get_json()["stage"] == "planned"
    half = decision(make.org("investor"), code="CCN-2")
    del half["decision_date"]
    r = api.post("/api/v1/clusters", json=half)
    assert r.status_code == 422 and "decision_date" in r.get_json()["errors"]


def test_establish_on_a_planned_cluster_too_small_is_held_back_with_the_reason(make, db, clock):
    manager = make.user("manager")
    cluster = make.cluster(area_ha=Decimal("8"))
    assert "establish" not in allowed_triggers(cluster, manager, db.session, clock())
    reasons = dict(held_back(cluster, manager, db.session, clock()))
    assert "10 đến 75 ha" in reasons["establish"]
    with pytest.raises(Conflict):
        fire(db.session, cluster, "establish", manager, now=clock(),
             data={"decision_no": "1/QĐ", "decision_date": "2026-11-01"})


@pytest.mark.parametrize("leased,operational_on,certified,held", [
    (Decimal("9"), date(2025, 1, 1), date(2025, 2, 1), "lấp đầy"),  # 45%
    (Decimal("12"), None, date(2025, 2, 1), "hạ tầng kỹ thuật dùng chung"),
    (Decimal("12"), date(2025, 1, 1), None, "trạm xử lý nước thải"),
    (Decimal("12"), date(2025, 1, 1), date(2025, 2, 1), None),
])
def test_expansion_needs_60_percent_and_finished_infrastructure(make, db, clock, leased,
                                                               operational_on, certified,
                                                               held):
    manager = make.user("manager")
    cluster = make.cluster(stage="operational", industrial_land_ha=Decimal("20"),
                           leased_land_ha=leased, operational_on=operational_on)
    make.plant(cluster, certification_date=certified)
    reasons = dict(held_back(cluster, manager, db.session, clock()))
    if held is None:
        assert "expand" in allowed_triggers(cluster, manager, db.session, clock())
        assert "expand" not in reasons
    else:
        assert held in reasons["expand"]


def test_the_cluster_page_shows_why_expansion_is_held_back(web, make, db):
    manager = make.user("manager")
    cluster = make.cluster(stage="operational", industrial_land_ha=Decimal("20"),
                           leased_land_ha=Decimal("9"), operational_on=date(2025, 1, 1))
    web.login(manager)
    page = web.text(f"/clusters/{cluster.id}")
    held = page.split('data-held="expand"', 1)[1].split("</li>", 1)[0]
    assert "disabled" in held and "60%" in held


def test_the_new_cluster_page(web, make, db):
    investor = make.org("investor", name_vi="Công ty CP Hạ tầng Thạch Thất")
    web.login(make.user("manager"))
    page = web.text("/clusters/new")
    assert "Công ty CP Hạ tầng Thạch Thất" in page
    form = {"code": "CCN-NEW", "name": "CCN Bình Phú", "district": "Thạch Thất",
            "commune": "Bình Phú", "kind": "regular", "area_ha": "8",
            "investor_id": investor.id, "decision_no": "77/QĐ-UBND",
            "decision_date": "20/11/2026", "planned_start_date": "30/06/2027"}
    small = web.post("/clusters/new", form)
    assert small.status_code == 422
    assert "10 đến 75 ha" in small.get_data(as_text=True)
    assert db.session.query(Cluster).count() == 0
    r = web.post("/clusters/new", {**form, "area_ha": "12"})
    assert r.status_code == 303, r.get_data(as_text=True)[:300]
    cluster = db.session.scalar(select(Cluster).where(Cluster.code == "CCN-NEW"))
    assert (cluster.stage, cluster.establishment_decision_no) == ("established", "77/QĐ-UBND")
    web.login(make.user("inspector"))
    assert web.get("/clusters/new").status_code == 403
