"""An unannounced (đột xuất) inspection is invisible to the investor, with its deadlines,
until the inspecting team notifies it; officials see it from the start."""
import pytest


@pytest.fixture
def world(make):
    investor_org = make.org("investor")
    world = {"inspector": make.user("inspector"),
             "investor": make.user("investor", org=investor_org),
             "cluster": make.cluster(investor=investor_org)}
    world["surprise"] = make.inspection(world["cluster"], world["inspector"], kind="surprise")
    world["periodic"] = make.inspection(world["cluster"], world["inspector"])
    return world


def _ids(response):
    return {item["id"] for item in response.get_json()["items"]}


def test_the_investor_does_not_see_it_until_notified(api, world, db):
    surprise, periodic = world["surprise"], world["periodic"]
    api.as_(world["investor"])
    assert _ids(api.get("/api/v1/inspections")) == {periodic.id}
    assert api.get(f"/api/v1/inspections/{surprise.id}").status_code == 404
    assert api.get(f"/api/v1/inspections/{surprise.id}/history").status_code == 404
    deadlines = api.get("/api/v1/deadlines?entity_type=inspection").get_json()["items"]
    assert {d["entity_id"] for d in deadlines} == {periodic.id}

    api.as_(world["inspector"])
    assert _ids(api.get("/api/v1/inspections")) == {periodic.id, surprise.id}
    r = api.post(f"/api/v1/inspections/{surprise.id}/transitions",
                 json={"trigger": "notify", "data": {"decision_no": "QĐ-KT-1"}})
    assert r.status_code == 200, r.get_json()

    api.as_(world["investor"])
    assert _ids(api.get("/api/v1/inspections")) == {periodic.id, surprise.id}
    assert api.get(f"/api/v1/inspections/{surprise.id}").status_code == 200


def test_the_investors_pages_do_not_show_it(web, world):
    surprise, cluster = world["surprise"], world["cluster"]
    web.login(world["investor"])
    assert f"/inspections/{surprise.id}\"" not in web.text("/inspections")
    assert f"/inspections/{surprise.id}\"" not in web.text(f"/clusters/{cluster.id}")
    assert web.get(f"/inspections/{surprise.id}").status_code == 404
    assert f"/inspections/{world['periodic'].id}\"" in web.text("/inspections")
