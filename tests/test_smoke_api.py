def test_token_and_cluster_flow(api, make, db):
    manager = make.user("manager")
    cluster = make.cluster()
    make.plant(cluster)
    api.as_(manager)
    r = api.get(f"/api/v1/clusters/{cluster.id}")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["stage"] == "planned" and "establish" in body["allowed_triggers"]
    r = api.post(f"/api/v1/clusters/{cluster.id}/transitions",
                 json={"trigger": "establish", "version": body["version"],
                       "data": {"decision_no": "123/QĐ-UBND", "decision_date": "2026-11-20",
                                "planned_start_date": "2027-03-01"}})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["stage"] == "established"
    r = api.get(f"/api/v1/clusters/{cluster.id}/history")
    assert [h["trigger"] for h in r.get_json()["items"]] == ["establish"]
    r = api.get("/api/v1/deadlines")
    assert r.status_code == 200
    assert [d["policy"] for d in r.get_json()["items"]] == ["infrastructure_start"]
