"""The obstacles register through the API: an investor reports, the department assigns it
to the organization that must clear it, that organization clears it; deadlines, notices,
history, filters and who may see what along the way."""
from datetime import date

import pytest
from sqlalchemy import select

from models import Deadline, Notification, Obstacle
from workflows.engine.errors import Forbidden
from workflows.operations.obstacles import report_obstacle


@pytest.fixture
def world(make):
    department = make.department()
    city = make.org("city_committee", code="UBND-HN", name_vi="UBND Thành phố Hà Nội",
                    email="ubnd@hanoi.gov.vn")
    commune = make.org("commune_committee", code="UBND-PX", name_vi="UBND xã Phùng Xá",
                       parent_id=department.id)
    investor_org = make.org("investor")
    return {
        "department": department, "city": city, "commune": commune,
        "cluster": make.cluster(investor=investor_org, commune="Phùng Xá"),
        "other": make.cluster(commune="Bình Phú"),
        "investor": make.user("investor", org=investor_org),
        "manager": make.user("manager", org=department),
        "commune_official": make.user("manager", org=commune),
    }


def report(api, w, **overrides):
    body = {"cluster_id": w["cluster"].id, "kind": "land_clearance",
            "title": "Còn 2 ha chưa giải phóng mặt bằng", "description": "3 hộ chưa nhận tiền",
            "responsible_org_id": w["commune"].id, **overrides}
    return api.post("/api/v1/obstacles", json=body)


def fire(api, oid, trigger, **kw):
    return api.post(f"/api/v1/obstacles/{oid}/transitions", json={"trigger": trigger, **kw})


def open_deadlines(db, oid):
    return {d.policy_key: d for d in db.session.scalars(select(Deadline).where(
        Deadline.entity_type == "obstacle", Deadline.entity_id == oid,
        Deadline.closed_at.is_(None)))}


def test_investor_reports_department_assigns_commune_clears(api, world, db):
    w = world
    r = report(api.as_(w["investor"]), w)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    oid = body["id"]
    assert (body["state"], body["kind"], body["responsible_org"]["id"]) == (
        "reported", "land_clearance", w["commune"].id)
    assert body["kind_label"] == {"vi": "Giải phóng mặt bằng", "en": "Land clearance"}
    assert body["allowed_triggers"] == []  # the investor reports; officials move it on
    assignment = open_deadlines(db, oid)["obstacle_assignment"]
    assert assignment.holder_org_id == w["department"].id
    assert db.session.scalar(select(Notification).where(
        Notification.kind == "obstacle_reported", Notification.entity_id == oid)) is not None

    api.as_(w["manager"])
    assert fire(api, oid, "assign").status_code == 422  # the date to clear it by is required
    r = fire(api, oid, "assign", data={"resolve_by": "31/01/2027",
                                       "person_in_charge": "Đ/c Hà, Phó Chủ tịch xã"})
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["due_date"], r.get_json()["person_in_charge"]) == (
        "2027-01-31", "Đ/c Hà, Phó Chủ tịch xã")
    deadlines = open_deadlines(db, oid)
    assert set(deadlines) == {"obstacle_resolution"}
    resolution = deadlines["obstacle_resolution"]
    assert (resolution.holder_org_id, resolution.due_date) == (w["commune"].id, date(2027, 1, 31))

    api.as_(w["commune_official"])
    assert fire(api, oid, "start").status_code == 200
    assert fire(api, oid, "resolve").status_code == 422  # says how it was cleared
    r = fire(api, oid, "resolve", comment="Đã chi trả bồi thường, bàn giao mặt bằng")
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["state"], r.get_json()["resolved_on"]) == ("resolved", "2026-11-28")
    assert open_deadlines(db, oid) == {}
    assert db.session.scalar(select(Notification).where(
        Notification.kind == "obstacle_resolved", Notification.entity_id == oid)) is not None

    history = api.get(f"/api/v1/obstacles/{oid}/history").get_json()["items"]
    assert [(h["trigger"], h["to"]) for h in history] == [
        ("create", "reported"), ("assign", "assigned"), ("start", "in_progress"),
        ("resolve", "resolved")]
    assert fire(api, oid, "start").status_code == 409  # resolved is final


def test_escalation_to_the_city_and_back(api, world, db):
    w = world
    oid = report(api.as_(w["investor"]), w, kind="capital").get_json()["id"]
    api.as_(w["manager"])
    fire(api, oid, "assign", data={"resolve_by": "2026-12-15"})
    r = fire(api, oid, "escalate", comment="Vượt thẩm quyền của Sở: cần UBND TP bố trí vốn")
    assert r.status_code == 200, r.get_json()
    deadlines = open_deadlines(db, oid)
    assert set(deadlines) == {"obstacle_escalation"}
    assert deadlines["obstacle_escalation"].holder_org_id == w["city"].id
    closed = db.session.scalar(select(Deadline).where(
        Deadline.entity_id == oid, Deadline.policy_key == "obstacle_resolution"))
    assert closed.outcome == "superseded"
    assert db.session.scalar(select(Notification).where(
        Notification.kind == "obstacle_escalated",
        Notification.recipient_org_id == w["city"].id)) is not None
    r = fire(api, oid, "reassign", comment="UBND TP chỉ đạo bố trí vốn năm 2027",
             data={"resolve_by": "2027-03-31"})
    assert r.status_code == 200 and r.get_json()["state"] == "assigned"
    assert open_deadlines(db, oid)["obstacle_resolution"].due_date == date(2027, 3, 31)


@pytest.mark.parametrize("resolve_by, status", [
    ("2026-11-27", 422), ("2026-11-28", 422),  # the past, and today (28/11/2026): not a deadline
    ("2026-11-29", 200), ("28/11/2027", 200),  # tomorrow, and a year ahead: the policy's cap
    ("29/11/2027", 422), ("2046-11-28", 422),  # beyond: a typo, or an obstacle for the city
])
def test_the_date_to_clear_it_by_is_ahead_and_within_a_year(api, world, db, resolve_by, status):
    w = world
    oid = report(api.as_(w["investor"]), w).get_json()["id"]
    api.as_(w["manager"])
    r = fire(api, oid, "assign", data={"resolve_by": resolve_by})
    assert r.status_code == status, r.get_json()
    if status == 422:
        assert set(r.get_json()["errors"]) == {"resolve_by"}
        assert set(open_deadlines(db, oid)) == {"obstacle_assignment"}  # nothing moved


def test_the_citys_new_date_keeps_the_same_bounds(api, world, db):
    w = world
    oid = report(api.as_(w["investor"]), w).get_json()["id"]
    api.as_(w["manager"])
    fire(api, oid, "assign", data={"resolve_by": "2026-12-15"})
    fire(api, oid, "escalate", comment="Vượt thẩm quyền của Sở")
    for far_or_past in ("2030-01-01", "01/11/2026"):
        r = fire(api, oid, "reassign", comment="UBND TP chỉ đạo", data={"resolve_by": far_or_past})
        assert r.status_code == 422 and set(r.get_json()["errors"]) == {"resolve_by"}, r.get_json()
    assert set(open_deadlines(db, oid)) == {"obstacle_escalation"}


def test_investor_reports_only_its_own_clusters(api, world, db, clock):
    w = world
    r = report(api.as_(w["investor"]), w, cluster_id=w["other"].id)
    assert r.status_code == 404  # another investor's cluster does not exist for it
    with pytest.raises(Forbidden):
        report_obstacle(db.session, w["other"], w["investor"], clock(), kind="capital",
                        title="x", responsible_org_id=w["department"].id)
    # An official reports on any cluster.
    assert report(api.as_(w["manager"]), w, cluster_id=w["other"].id).status_code == 201
    assert db.session.query(Obstacle).count() == 1


@pytest.mark.parametrize("overrides,field", [
    ({"kind": "weather"}, "kind"), ({"title": ""}, "title"), ({"title": "x" * 301}, "title"),
    ({"responsible_org_id": 99999}, "responsible_org_id"), ({"cluster_id": "abc"}, "cluster_id"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_reports_are_422_beside_the_field(api, world, db, overrides, field):
    r = report(api.as_(world["manager"]), world, **overrides)
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["errors"]
    assert db.session.query(Obstacle).count() == 0


def test_list_filters_and_visibility(api, world, make):
    w = world
    api.as_(w["manager"])
    a = report(api, w).get_json()["id"]
    b = report(api, w, cluster_id=w["other"].id, kind="planning",
               responsible_org_id=w["department"].id).get_json()["id"]
    fire(api, b, "assign", data={"resolve_by": "2027-01-10"})

    def ids(query):
        r = api.get(f"/api/v1/obstacles{query}")
        assert r.status_code == 200, r.get_json()
        return sorted(i["id"] for i in r.get_json()["items"])

    assert ids("") == [a, b]
    assert ids("?state=assigned") == [b]
    assert ids("?kind=land_clearance") == [a]
    assert ids("?commune=Bình Phú") == [b]
    assert ids(f"?responsible_org_id={w['commune'].id}") == [a]
    assert ids(f"?cluster_id={w['other'].id}") == [b]
    assert api.get("/api/v1/obstacles?state=nowhere").status_code == 422
    assert api.get("/api/v1/obstacles?cluster_id=x").status_code == 422
    api.as_(w["investor"])
    assert ids("") == [a]
    assert api.get(f"/api/v1/obstacles/{b}").status_code == 404
    assert api.get(f"/api/v1/obstacles/{b}/history").status_code == 404


def test_the_workflow_is_listed_with_its_diagram(api, world):
    body = api.as_(world["manager"]).get("/api/v1/workflows").get_json()
    spec = next(w for w in body["items"] if w["name"] == "obstacle")
    assert spec["entity_type"] == "obstacle"
    assert {s["name"] for s in spec["states"]} == {
        "reported", "assigned", "in_progress", "escalated", "resolved"}
    assert "escalated --> assigned : reassign" in spec["mermaid"]
    assert api.get("/api/v1/workflows/obstacle").status_code == 200
