"""Input that once made the API answer 500: each is now a 4xx naming the problem, and
nothing is stored."""
import json

import pytest

from models import AuditEntry, Cluster


@pytest.fixture
def world(make):
    investor_org = make.org("investor")
    return {
        "admin": make.user("admin"),
        "manager": make.user("manager"),
        "inspector": make.user("inspector"),
        "investor": make.user("investor", org=investor_org),
        "cluster": make.cluster(investor=investor_org, district="Thạch Thất"),
    }


def _raw(api, url, body: str, method="post"):
    return getattr(api.client, method)(url, data=body, content_type="application/json",
                                       headers=api._headers())


@pytest.mark.parametrize("url", ["/api/v1/clusters/18446744073709551616",
                                 "/api/v1/clusters/2147483648",
                                 "/api/v1/violations/99999999999999999999999/history",
                                 "/api/v1/notifications/9223372036854775808/read"])
def test_path_ids_past_the_column_are_404(api, world, url):
    api.as_(world["manager"])
    method = api.post if url.endswith("/read") else api.get
    assert method(url).status_code == 404


@pytest.mark.parametrize("query", ["cluster_id=18446744073709551616", "page=99999999999999999999",
                                   "cluster_id=" + "9" * 5000, "per_page=-1"])
def test_query_ints_past_the_column_are_422(api, world, query):
    api.as_(world["manager"])
    r = api.get(f"/api/v1/violations?{query}")
    assert r.status_code == 422, r.get_json()


@pytest.mark.parametrize("query", ["state=%00", "district=a%00b", "entity_type=%00"])
def test_nul_in_query_text_is_422(api, world, query):
    api.as_(world["manager"])
    for url in ("/api/v1/violations", "/api/v1/inspections", "/api/v1/deadlines"):
        assert api.get(f"{url}?{query}").status_code == 422


def test_deep_json_is_400(api, world):
    api.as_(world["manager"])
    r = _raw(api, "/api/v1/clusters", "[" * 100_000 + "]" * 100_000)
    assert r.status_code == 400
    r = _raw(api, "/api/v1/clusters", json.dumps({"code": _nested(40)}))
    assert r.status_code == 422 and "lồng" in json.dumps(r.get_json(), ensure_ascii=False)


def _nested(depth):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def test_oversized_json_is_413(api, world):
    api.as_(world["manager"])
    r = _raw(api, "/api/v1/clusters", json.dumps({"name": "x" * (1024 * 1024 + 10)}))
    assert r.status_code == 413


@pytest.mark.parametrize("text", ['"a\\u0000b"', '"\\ud800"', '"x\\udfff"'])
def test_nul_and_lone_surrogates_in_json_text_are_422(api, world, text, db):
    api.as_(world["manager"])
    body = '{"code": "X1", "name": %s, "district": "Ba Vì", "area_ha": 12}' % text
    r = _raw(api, "/api/v1/clusters", body)
    assert r.status_code == 422 and "name" in r.get_json()["errors"]
    assert db.session.query(Cluster).count() == 1


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_400(api, world, constant):
    api.as_(world["manager"])
    r = _raw(api, "/api/v1/clusters",
             '{"code": "X1", "name": "X", "district": "Ba Vì", "area_ha": %s}' % constant)
    assert r.status_code == 400


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN", "1e400"])
def test_nan_given_as_text_to_a_decimal_is_422(api, world, value):
    api.as_(world["manager"])
    r = api.post("/api/v1/clusters", json={"code": "X1", "name": "X", "district": "Ba Vì",
                                           "area_ha": value})
    assert r.status_code == 422 and "area_ha" in r.get_json()["errors"]


def test_plant_numbers_past_their_column_are_422(api, world, db):
    api.as_(world["manager"])
    r = api.post(f"/api/v1/clusters/{world['cluster'].id}/plants",
                 json={"name": "Trạm", "capacity_m3_day": 10**11, "standard_code":
                       "QCVN40:2011", "standard_column": "B", "receiving_body": "unknown"})
    assert r.status_code == 422 and "capacity_m3_day" in r.get_json()["errors"]


@pytest.mark.parametrize("cluster_id", [2**31, 2**63, 2**64 + 1])
def test_body_ids_past_the_column_are_422(api, world, cluster_id):
    api.as_(world["inspector"])
    r = api.post("/api/v1/violations", json={"cluster_id": cluster_id, "title": "X"})
    assert r.status_code == 422 and "cluster_id" in r.get_json()["errors"]
    r = api.post("/api/v1/inspections", json={"cluster_id": cluster_id,
                                              "planned_date": "2026-12-03"})
    assert r.status_code == 422 and "cluster_id" in r.get_json()["errors"]


@pytest.mark.parametrize("field,url,body", [
    ("cluster_id", "/api/v1/violations", {"title": "X"}),
    ("cluster_id", "/api/v1/inspections", {"planned_date": "2027-01-10"}),
    ("cluster_id", "/api/v1/obstacles", {"kind": "capital", "title": "X",
                                         "responsible_org_id": 1}),
    ("responsible_org_id", "/api/v1/obstacles", {"kind": "capital", "title": "X",
                                                 "cluster_id": 1}),
])
@pytest.mark.parametrize("value", ["abc", 1.5])
def test_an_integer_that_is_no_integer_is_said_to_be_one(api, world, field, url, body, value):
    """What is wrong with the value sent, not that nothing was sent."""
    api.as_(world["manager"])
    body = {**body, field: value}
    r = api.post(url, json=body)
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["errors"][field] == "Phải là số nguyên."
    del body[field]
    assert "bắt buộc" in api.post(url, json=body).get_json()["errors"][field]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "31/12/9999"])
def test_dates_past_sane_years_are_422(api, world, day):
    api.as_(world["inspector"])
    r = api.post("/api/v1/inspections", json={"cluster_id": world["cluster"].id,
                                              "planned_date": day})
    assert r.status_code == 422 and "planned_date" in r.get_json()["errors"]
    api.as_(world["manager"])
    r = api.post(f"/api/v1/clusters/{world['cluster'].id}/transitions",
                 json={"trigger": "establish", "data": {"decision_no": "1", "decision_date": day}})
    assert r.status_code == 422 and "decision_date" in r.get_json()["errors"]


@pytest.mark.parametrize("username", [1, ["a"], {"a": 1}, True, 1.5])
def test_non_string_username_is_422(api, world, username):
    r = api.client.post("/api/v1/tokens", json={"username": username, "password": "x"})
    assert r.status_code == 422 and "username" in r.get_json()["errors"]


@pytest.mark.parametrize("legal_basis", [["Điều 1"], {"a": 1}, 5, "x" * 301])
def test_policy_text_given_as_a_list_is_422(api, world, legal_basis, db):
    api.as_(world["admin"])
    r = api.client.put("/api/v1/deadline-policies/remediation", json={"legal_basis": legal_basis},
                       headers=api._headers())
    assert r.status_code == 422 and "legal_basis" in r.get_json()["errors"]
    assert AuditEntry.query.filter(AuditEntry.workflow != "account").count() == 0  # but login


def test_fine_past_bigint_is_422(api, world, make):
    violation = make.violation(world["cluster"], world["inspector"], state="notified")
    api.as_(world["manager"])
    r = api.post(f"/api/v1/violations/{violation.id}/transitions",
                 json={"trigger": "sanction", "data": {"decision_no": "1", "fine_vnd": 2**64}})
    assert r.status_code == 422 and "fine_vnd" in r.get_json()["errors"]


def test_evidence_ids_past_the_column_are_422(api, world, make):
    violation = make.violation(world["cluster"], world["inspector"], state="notified")
    api.as_(world["investor"])
    r = api.post(f"/api/v1/violations/{violation.id}/transitions",
                 json={"trigger": "submit_plan", "comment": "Phương án",
                       "data": {"evidence_ids": [2**40]}})
    assert r.status_code == 422 and "evidence_ids" in r.get_json()["errors"]


@pytest.mark.parametrize("url", ["/api/v1/inspections", "/api/v1/violations"])
def test_investor_district_filter_works(api, world, make, url):
    make.inspection(world["cluster"], world["inspector"])
    make.violation(world["cluster"], world["inspector"])
    make.inspection(make.cluster(district="Ba Vì"), world["inspector"])
    api.as_(world["investor"])
    r = api.get(f"{url}?district=Thạch Thất")
    assert r.status_code == 200
    assert r.get_json()["total"] == 1
    assert api.get(f"{url}?district=Ba Vì").get_json()["total"] == 0


def test_station_reading_past_the_column_is_422(api, world, make, db):
    from workflows.operations.accounts import token_hash

    plant = make.plant(world["cluster"])
    token = "station-secret"
    plant.device_token_hash = token_hash(token)
    db.session.commit()
    r = api.client.post(f"/api/v1/plants/{plant.id}/readings",
                        json={"readings": [{"parameter": "cod", "value": 10**15, "unit": "mg/L",
                                            "measured_at": "2026-11-28T09:00:00+07:00"}]},
                        headers={"Authorization": f"Device {token}"})
    assert r.status_code == 422, r.get_json()


def test_text_past_its_column_is_422(api, world, db):
    api.as_(world["admin"])
    r = api.post("/api/v1/organizations", json={"code": "X1", "name_vi": "x" * 1000,
                                                "kind": "investor"})
    assert r.status_code == 422 and "name_vi" in r.get_json()["errors"]
