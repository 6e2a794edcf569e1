"""End-to-end through the API: an inspection finds a violation, the investor answers, the
inspector verifies; deadlines, history, plan progress and workflow specs along the way."""
import io
from datetime import datetime, timedelta, timezone

from models import Cluster, PlanTarget


def test_create_cluster_201_then_fetch(api, make):
    investor = make.org("investor")
    api.as_(make.user("manager"))
    r = api.post("/api/v1/clusters", json={
        "code": "CCN-NL", "name": "CCN Ngọc Liệp", "district": "Quốc Oai", "commune": "Ngọc Liệp",
        "kind": "regular", "area_ha": 37.78, "industrial_land_ha": 25, "leased_land_ha": 10,
        "investor_id": investor.id, "planned_start_date": "01/03/2027"})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert (body["stage"], body["compliance"], body["version"]) == ("planned", "compliant", 1)
    assert body["occupancy"] == 0.4 and body["planned_start_date"] == "2027-03-01"
    again = api.post("/api/v1/clusters", json={"code": "CCN-NL", "name": "x", "district": "y",
                                               "area_ha": 1})
    assert again.status_code == 422 and "code" in again.get_json()["errors"]
    bad = api.post("/api/v1/clusters", json={"code": "C2", "name": "x", "district": "y",
                                             "area_ha": "lots", "leased_land_ha": 9,
                                             "industrial_land_ha": 5})
    assert bad.status_code == 422
    assert {"area_ha", "leased_land_ha"} <= set(bad.get_json()["errors"])


def test_inspection_to_remediated_violation(api, make, clock, db):
    investor_org = make.org("investor")
    inspector, manager = make.user("inspector"), make.user("manager")
    investor = make.user("investor", org=investor_org)
    cluster = make.cluster(investor=investor_org, stage="operational")
    make.plant(cluster)

    api.as_(inspector)
    r = api.post("/api/v1/inspections", json={"cluster_id": cluster.id, "kind": "surprise",
                                              "planned_date": "2026-12-01", "team": "Đoàn 1"})
    assert r.status_code == 201, r.get_json()
    iid = r.get_json()["id"]
    for trigger, data in (("notify", {"decision_no": "5/QĐ-KT"}), ("start", {})):
        r = api.post(f"/api/v1/inspections/{iid}/transitions", json={"trigger": trigger,
                                                                     "data": data})
        assert r.status_code == 200, r.get_json()
    r = api.post(f"/api/v1/inspections/{iid}/findings", json={
        "category": "wastewater", "severity": "high", "description": "COD vượt cột B",
        "measurements": [{"parameter": "cod", "value": 320, "unit": "mg/l",
                          "sampling_point": "Cửa xả", "sampled_at": "2026-11-27T09:30"}]})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["measurements"][0]["value"] == 320
    bad = api.post(f"/api/v1/inspections/{iid}/findings", json={
        "category": "wastewater", "severity": "high", "description": "x",
        "measurements": [{"parameter": "cod", "value": "abc", "unit": "mg/l"}]})
    assert bad.status_code == 422 and "measurements[0].value" in bad.get_json()["errors"]
    r = api.post(f"/api/v1/inspections/{iid}/transitions",
                 json={"trigger": "conclude", "comment": "Lập biên bản vi phạm"})
    assert r.status_code == 200, r.get_json()

    violations = api.get(f"/api/v1/violations?cluster_id={cluster.id}").get_json()
    assert violations["total"] == 1
    vid = violations["items"][0]["id"]
    assert violations["items"][0]["sampled_on"] == "2026-11-27"
    assert violations["items"][0]["limitation_expires_on"] == "2028-11-27"
    assert api.get(f"/api/v1/clusters/{cluster.id}").get_json()["compliance"] == "violation"

    steps = [
        (inspector, "notify", "", {"record_no": "BB-1"}),
        (investor, "submit_plan", "Thay màng lọc", {}),
        (inspector, "accept_plan", "", {"due_date": "2026-12-20"}),
        (investor, "report_remediation", "Đã thay", {}),
        (inspector, "verify", "Đạt", {}),
        (inspector, "close", "", {}),
    ]
    for user, trigger, comment, data in steps:
        api.as_(user)
        if trigger in ("submit_plan", "report_remediation"):  # the proof, uploaded first
            proof = api.client.post(
                f"/api/v1/violations/{vid}/attachments", headers=api._headers(),
                data={"file": (io.BytesIO(b"%PDF-1.7\n" + trigger.encode()), "proof.pdf")},
                content_type="multipart/form-data")
            assert proof.status_code == 201, proof.get_json()
            data = {"evidence_ids": [proof.get_json()["id"]]}
        v = api.get(f"/api/v1/violations/{vid}").get_json()
        assert trigger in v["allowed_triggers"], (trigger, v["allowed_triggers"])
        r = api.post(f"/api/v1/violations/{vid}/transitions",
                     json={"trigger": trigger, "comment": comment, "version": v["version"],
                           "data": data})
        assert r.status_code == 200, (trigger, r.get_json())
    assert r.get_json()["state"] == "remediated"
    api.as_(manager)
    assert api.get(f"/api/v1/clusters/{cluster.id}").get_json()["compliance"] == "remediated"
    history = [h for h in api.get(f"/api/v1/violations/{vid}/history").get_json()["items"]
               if h["trigger"] != "attach"]  # the proofs' uploads have rows of their own
    assert [h["trigger"] for h in history] == ["create"] + [s[1] for s in steps]
    assert history[2]["comment"] == "Thay màng lọc" and history[2]["actor"] == investor.username
    # every deadline of the violation is closed at the end
    open_ones = api.get(f"/api/v1/deadlines?entity_type=violation&entity_id={vid}").get_json()
    assert open_ones["total"] == 0


def test_deadlines_overdue_and_organization_filters(api, make, clock):
    official = make.user("inspector")
    cluster = make.cluster()
    violation = make.violation(cluster, official)  # opens 'violation_record': 2 working days
    api.as_(make.user("manager"))
    all_open = api.get("/api/v1/deadlines").get_json()
    assert [d["policy"] for d in all_open["items"]] == ["violation_record"]
    assert api.get("/api/v1/deadlines?overdue=true").get_json()["total"] == 0
    clock.set(clock.now + timedelta(days=10))
    overdue = api.get("/api/v1/deadlines?overdue=true").get_json()
    assert overdue["total"] == 1 and overdue["items"][0]["entity_id"] == violation.id
    holder = overdue["items"][0]["holder"]["id"]
    assert holder == official.organization_id
    assert api.get(f"/api/v1/deadlines?organization_id={holder}").get_json()["total"] == 1
    assert api.get(f"/api/v1/deadlines?organization_id={holder + 99}").get_json()["total"] == 0
    assert api.get("/api/v1/deadlines?overdue=maybe").status_code == 422


def test_plan_progress_counts_clusters_behind_each_target(api, make, db):
    from datetime import date

    make.department()
    db.session.add(PlanTarget(year=2026, indicator="operational", min_value=1, max_value=2,
                              label_vi="Đưa vào hoạt động", label_en="Into operation"))
    db.session.add(PlanTarget(year=2026, indicator="plant_meets_standard", min_value=100,
                              max_value=100, label_vi="XLNT đạt", label_en="Plants ok"))
    a = make.cluster(stage="operational", operational_on=date(2026, 5, 1))
    b = make.cluster(stage="plant_certified", operational_on=date(2020, 5, 1),
                     plant_certified_on=date(2021, 1, 1))
    make.plant(b, meets_standard=True)
    make.cluster(stage="established")
    api.as_(make.user("manager"))
    targets = {t["indicator"]: t for t in api.get("/api/v1/plan-progress?year=2026")
               .get_json()["targets"]}
    op = targets["operational"]
    assert (op["actual"], op["met"], [c["id"] for c in op["clusters"]]) == (1, True, [a.id])
    plants = targets["plant_meets_standard"]
    assert (plants["actual"], plants["in_scope"], plants["met"]) == (50.0, 2, False)
    assert [c["id"] for c in plants["outstanding"]] == [a.id]
    assert api.get("/api/v1/plan-progress?year=abc").status_code == 422


def test_workflow_specs(api, make):
    api.as_(make.user("inspector"))
    names = [w["name"] for w in api.get("/api/v1/workflows").get_json()["items"]]
    assert names == ["cluster_stage", "cluster_compliance", "inspection", "violation",
                     "obstacle"]
    spec = api.get("/api/v1/workflows/violation").get_json()
    assert spec["mermaid"].startswith("stateDiagram-v2")
    assert {"trigger": "submit_plan", "roles": ["investor"]}.items() <= next(
        t for t in spec["transitions"] if t["trigger"] == "submit_plan").items()
    assert api.get("/api/v1/workflows/nope").status_code == 404
