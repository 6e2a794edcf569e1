"""Every status code the API promises, as another system would meet it."""
import pytest

from models import AuditEntry, Cluster


@pytest.fixture
def world(make):
    investor_org = make.org("investor")
    return {
        "manager": make.user("manager"),
        "inspector": make.user("inspector"),
        "investor": make.user("investor", org=investor_org),
        "cluster": make.cluster(investor=investor_org),
        "other_cluster": make.cluster(),
    }


def test_token_wrong_password_is_401(api, world):
    r = api.client.post("/api/v1/tokens", json={"username": world["manager"].username,
                                                "password": "nope"})
    assert r.status_code == 401 and r.get_json()["error"] == "unauthorized"


def test_token_missing_field_is_422(api, world):
    r = api.client.post("/api/v1/tokens", json={"username": "x"})
    assert r.status_code == 422 and "password" in r.get_json()["errors"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"},
                                     {"Authorization": "Basic abc"}])
def test_calls_without_a_valid_token_are_401(client, world, headers):
    r = client.get("/api/v1/clusters", headers=headers)
    assert r.status_code == 401
    assert r.get_json()["message"]


def test_expired_token_is_401(api, world, db):
    from datetime import timedelta

    from models import ApiToken, utcnow

    api.as_(world["manager"])
    db.session.execute(ApiToken.__table__.update().values(expires_at=utcnow() - timedelta(1)))
    db.session.commit()
    assert api.get("/api/v1/clusters").status_code == 401


def test_investor_sees_only_own_clusters(api, world):
    api.as_(world["investor"])
    items = api.get("/api/v1/clusters").get_json()["items"]
    assert [c["id"] for c in items] == [world["cluster"].id]
    assert api.get(f"/api/v1/clusters/{world['other_cluster'].id}").status_code == 404
    assert api.get(f"/api/v1/clusters/{world['cluster'].id}").status_code == 200
    assert api.get("/api/v1/clusters/999999").status_code == 404


def test_role_that_may_not_act_is_403_and_changes_nothing(api, world, db):
    api.as_(world["investor"])
    cluster = world["cluster"]
    r = api.post(f"/api/v1/clusters/{cluster.id}/transitions",
                 json={"trigger": "establish", "data": {"decision_no": "1",
                                                        "decision_date": "2026-01-02"}})
    assert r.status_code == 403
    assert db.session.get(Cluster, cluster.id).stage == "planned"
    # Nothing but the caller's own login (token_issued) was audited.
    assert AuditEntry.query.filter(AuditEntry.workflow != "account").count() == 0


def test_investor_may_not_create_clusters(api, world):
    api.as_(world["investor"])
    r = api.post("/api/v1/clusters", json={"code": "X1", "name": "X", "district": "Ba Vì",
                                           "area_ha": 12})
    assert r.status_code == 403


def test_trigger_not_allowed_from_state_is_409(api, world):
    api.as_(world["manager"])
    r = api.post(f"/api/v1/clusters/{world['cluster'].id}/transitions",
                 json={"trigger": "declare_operational",
                       "data": {"decision_no": "1", "effective_date": "2026-01-02"}})
    assert r.status_code == 409
    body = r.get_json()
    # The state's label, never its code.
    assert body["error"] == "conflict" and "Trong quy hoạch" in body["message"]


def test_stale_version_is_409(api, world):
    api.as_(world["manager"])
    cid = world["cluster"].id
    version = api.get(f"/api/v1/clusters/{cid}").get_json()["version"]
    ok = api.post(f"/api/v1/clusters/{cid}/transitions",
                  json={"trigger": "establish", "version": version,
                        "data": {"decision_no": "1", "decision_date": "2026-01-02"}})
    assert ok.status_code == 200 and ok.get_json()["version"] == version + 1
    stale = api.post(f"/api/v1/clusters/{cid}/transitions",
                     json={"trigger": "abolish", "version": version, "comment": "x",
                           "data": {"decision_no": "2", "decision_date": "2026-01-03"}})
    assert stale.status_code == 409
    assert "phiên bản" in stale.get_json()["message"]


def test_failed_guard_is_409_with_the_reason(api, world, db):
    world["cluster"].stage = "operational"
    db.session.commit()
    api.as_(world["manager"])
    r = api.post(f"/api/v1/clusters/{world['cluster'].id}/transitions",
                 json={"trigger": "certify_plant", "data": {"certification_no": "9",
                                                            "certification_date": "2026-01-02"}})
    assert r.status_code == 409
    assert "chưa có trạm xử lý nước thải" in r.get_json()["message"]


@pytest.mark.parametrize("data,field", [
    ({"decision_date": "2026-01-02"}, "decision_no"),
    ({"decision_no": "1", "decision_date": "31/02/2026"}, "decision_date"),
    ({"decision_no": "1", "decision_date": "2026-01-02", "colour": "red"}, "colour"),
    ({"decision_no": ["1"], "decision_date": "2026-01-02"}, "decision_no"),
])
def test_bad_fields_are_422_with_field_errors(api, world, data, field):
    api.as_(world["manager"])
    r = api.post(f"/api/v1/clusters/{world['cluster'].id}/transitions",
                 json={"trigger": "establish", "data": data})
    assert r.status_code == 422
    assert field in r.get_json()["errors"]


def test_unknown_trigger_is_422(api, world):
    api.as_(world["manager"])
    r = api.post(f"/api/v1/clusters/{world['cluster'].id}/transitions", json={"trigger": "fly"})
    assert r.status_code == 422 and "trigger" in r.get_json()["errors"]


@pytest.mark.parametrize("body,status", [
    ('{"trigger": ', 400),          # malformed JSON
    ("[1, 2]", 400),                # not an object
    ('{"trigger": 5}', 422),        # wrong type
    ('{"trigger": "establish", "version": "3"}', 422),
    ('{"trigger": "establish", "data": [1]}', 422),
    ('{"trigger": "establish", "extra": 1}', 422),  # unknown top-level field
])
def test_malformed_bodies_are_4xx_never_500(api, world, body, status):
    api.as_(world["manager"])
    r = api.client.post(f"/api/v1/clusters/{world['cluster'].id}/transitions", data=body,
                        headers={**api._headers(), "Content-Type": "application/json"})
    assert r.status_code == status, r.get_json()
    assert r.get_json()["message"]


def test_non_json_body_is_415(api, world):
    api.as_(world["manager"])
    r = api.client.post(f"/api/v1/clusters/{world['cluster'].id}/transitions",
                        data="trigger=establish", headers=api._headers())
    assert r.status_code == 415


def test_huge_body_is_413(api, world, app):
    api.as_(world["manager"])
    limit = app.config["MAX_CONTENT_LENGTH"]
    r = api.client.post("/api/v1/clusters", data="{" + " " * (limit + 10) + "}",
                        headers={**api._headers(), "Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.get_json()["error"]


def test_unknown_route_and_method_answer_json(api, world):
    api.as_(world["manager"])
    assert api.get("/api/v1/nothing-here").get_json()["error"] == "not_found"
    r = api.client.delete("/api/v1/clusters", headers=api._headers())
    assert r.status_code == 405 and r.get_json()["error"]


def test_pagination_and_filters(api, world, make, db):
    for _ in range(3):
        make.cluster(district="Ba Vì")
    api.as_(world["manager"])
    body = api.get("/api/v1/clusters?district=Ba Vì&per_page=2&page=2").get_json()
    assert body["total"] == 3 and len(body["items"]) == 1
    assert api.get("/api/v1/clusters?per_page=0").status_code == 422
    assert api.get("/api/v1/clusters?page=x").status_code == 422
    assert api.get("/api/v1/clusters?state=planned").get_json()["total"] == 5
