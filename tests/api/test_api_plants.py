"""Recording a cluster's wastewater plants through the API (issue 5)."""
from models import AuditEntry, WastewaterPlant

PLANT = {"name": "Trạm XLNT số 1", "capacity_m3_day": 800, "standard_code": "QCVN40:2011",
         "standard_column": "A", "receiving_body": "river", "receiving_name": "Sông Tích",
         "receiving_flow_m3s": 45.5, "discharge_flow_m3_day": 650}


def test_manager_adds_then_edits_a_plant_with_audit_rows(api, make, db):
    cluster = make.cluster(stage="operational")
    api.as_(make.user("manager"))
    r = api.post(f"/api/v1/clusters/{cluster.id}/plants", json=PLANT)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert (body["cluster_id"], body["standard_column"], body["receiving_flow_m3s"]) == \
        (cluster.id, "A", 45.5)
    assert body["certification_no"] is None and body["meets_standard"] is False
    pid = body["id"]
    assert api.get(f"/api/v1/plants/{pid}").get_json()["name"] == "Trạm XLNT số 1"

    # Unknown flow: empty means the standard's 'no data' rule; only the fields sent change.
    r = api.post(f"/api/v1/plants/{pid}", json={"receiving_flow_m3s": None,
                                                "capacity_m3_day": 1000})
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["receiving_flow_m3s"], r.get_json()["capacity_m3_day"],
            r.get_json()["receiving_name"]) == (None, 1000, "Sông Tích")

    db.session.expire_all()
    rows = db.session.query(AuditEntry).filter_by(
        entity_type="cluster", entity_id=cluster.id).order_by(AuditEntry.id).all()
    assert [(e.workflow, e.trigger, e.from_state, e.to_state) for e in rows] == [
        ("cluster_stage", "add_plant", "operational", "operational"),
        ("cluster_stage", "update_plant", "operational", "operational")]
    assert rows[0].data["plant_id"] == pid and rows[0].data["name"] == [None, "Trạm XLNT số 1"]
    changed = rows[1].data
    assert set(changed) == {"plant_id", "receiving_flow_m3s", "capacity_m3_day"}
    assert changed["receiving_flow_m3s"][1] is None
    assert float(changed["receiving_flow_m3s"][0]) == 45.5
    assert [float(v) for v in changed["capacity_m3_day"]] == [800, 1000]


def test_moving_to_a_sea_outfall_needs_its_kind_and_drops_the_river_flow(api, make, db):
    plant = make.plant(make.cluster())
    api.as_(make.user("admin"))
    r = api.post(f"/api/v1/plants/{plant.id}", json={"receiving_body": "sea"})
    assert r.status_code == 422
    assert {"receiving_flow_m3s", "sea_kind"} <= set(r.get_json()["errors"])
    r = api.post(f"/api/v1/plants/{plant.id}", json={"receiving_body": "sea", "sea_kind": "other",
                                                     "receiving_flow_m3s": None})
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["receiving_body"], r.get_json()["sea_kind"]) == ("sea", "other")


def test_bad_values_are_422_beside_their_fields(api, make, db):
    cluster = make.cluster()
    api.as_(make.user("manager"))
    url = f"/api/v1/clusters/{cluster.id}/plants"
    r = api.post(url, json={**PLANT, "capacity_m3_day": -5, "standard_code": "QCVN99:2099",
                            "receiving_volume_m3": 20000})
    assert r.status_code == 422
    errors = r.get_json()["errors"]
    assert set(errors) == {"capacity_m3_day", "standard_code", "receiving_volume_m3"}
    assert "Chỉ ghi khi nguồn tiếp nhận là hồ" in errors["receiving_volume_m3"]
    assert "Chỉ ghi khi nguồn tiếp nhận là hồ" in errors["receiving_volume_m3"]
    for extra in ({"capacity_m3_day": 0}, {"standard_column": "C"}, {"receiving_body": "ocean"},
                  {"capacity_m3_day": "lots"}, {"colour": "blue"}):
        r = api.post(url, json={**PLANT, **extra})
        assert r.status_code == 422 and set(r.get_json()["errors"]) == set(extra), extra
    assert db.session.query(WastewaterPlant).count() == 0


def test_investors_and_inspectors_may_not_record_plants(api, make, db):
    org = make.org("investor")
    cluster = make.cluster(investor=org)
    plant = make.plant(cluster)
    for user in (make.user("investor", org=org), make.user("inspector")):
        api.as_(user)
        assert api.get(f"/api/v1/plants/{plant.id}").status_code == 200
        assert api.post(f"/api/v1/clusters/{cluster.id}/plants", json=PLANT).status_code == 403
        assert api.post(f"/api/v1/plants/{plant.id}", json={"name": "x"}).status_code == 403


def test_another_investors_plant_does_not_exist(api, make, db):
    plant = make.plant(make.cluster())
    api.as_(make.user("investor"))  # of an organization of its own
    assert api.get(f"/api/v1/plants/{plant.id}").status_code == 404
    assert api.post(f"/api/v1/plants/{plant.id}", json={"name": "x"}).status_code == 404
    assert api.post(f"/api/v1/clusters/{plant.cluster_id}/plants", json=PLANT).status_code == 404
    api.as_(make.user("manager"))
    assert api.get("/api/v1/plants/99999").status_code == 404


def test_a_plants_flag_keeps_its_value_unless_sent(api, make):
    """A change that does not send existing_facility leaves it as stored, true or false;
    sending false clears it."""
    cluster = make.cluster(stage="operational")
    api.as_(make.user("manager"))
    r = api.post(f"/api/v1/clusters/{cluster.id}/plants", json={
        **PLANT, "existing_facility": True, "existing_basis": "ĐTM phê duyệt 12/QĐ-UBND",
        "existing_basis_date": "2024-10-01"})
    assert r.status_code == 201, r.get_json()
    pid = r.get_json()["id"]
    r = api.post(f"/api/v1/plants/{pid}", json={"name": "Trạm XLNT số 2"})
    assert r.status_code == 200 and r.get_json()["existing_facility"] is True
    r = api.post(f"/api/v1/plants/{pid}", json={"existing_facility": False,
                                                "existing_basis": None,
                                                "existing_basis_date": None})
    assert r.status_code == 200 and r.get_json()["existing_facility"] is False
    r = api.post(f"/api/v1/plants/{pid}", json={"name": "Trạm XLNT số 3"})
    assert r.status_code == 200 and r.get_json()["existing_facility"] is False
    r = api.post(f"/api/v1/plants/{pid}", json={"existing_facility": "yes"})
    assert r.status_code == 422 and "existing_facility" in r.get_json()["errors"]


def test_an_edit_sent_with_the_version_read_is_refused_once_the_plant_changed(api, make):
    plant = make.plant(make.cluster())
    api.as_(make.user("manager"))
    read = api.get(f"/api/v1/plants/{plant.id}").get_json()["version"]
    r = api.post(f"/api/v1/plants/{plant.id}", json={"name": "Trạm A", "version": read})
    assert r.status_code == 200 and r.get_json()["version"] == read + 1
    r = api.post(f"/api/v1/plants/{plant.id}", json={"name": "Trạm B", "version": read})
    assert r.status_code == 409
    assert api.get(f"/api/v1/plants/{plant.id}").get_json()["name"] == "Trạm A"
    r = api.post(f"/api/v1/plants/{plant.id}", json={"name": "Trạm C", "version": "2"})
    assert r.status_code == 422 and "version" in r.get_json()["errors"]


def test_an_edit_without_the_version_read_is_refused_as_a_blind_write(api, client, make):
    """As for a transition: the version in the body or an If-Match header, else 428."""
    plant = make.plant(make.cluster())
    api.as_(make.user("manager"))
    auth = {"Authorization": f"Bearer {api.token}"}
    url, read = f"/api/v1/plants/{plant.id}", plant.version
    blind = client.post(url, json={"name": "Trạm A"}, headers=auth)
    assert blind.status_code == 428 and blind.get_json()["error"] == "precondition_required"
    stale = client.post(url, json={"name": "Trạm A"},
                        headers={**auth, "If-Match": f'"{read + 1}"'})
    assert stale.status_code == 409
    r = client.post(url, json={"name": "Trạm A"}, headers={**auth, "If-Match": f'W/"{read}"'})
    assert r.status_code == 200 and r.get_json()["version"] == read + 1
