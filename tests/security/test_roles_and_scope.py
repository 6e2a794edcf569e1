"""Roles fit their organization's kind (CLI, API, pages); officials act within their
organization; plan-progress is the dashboard's; every accepted transition bumps the version
and the API requires it."""
from datetime import date

import pytest
from sqlalchemy import select

from models import Cluster, Inspection, User


# A role fits its organization's kind --------------------------------------------------------

def test_cli_refuses_an_official_role_in_an_investor_organization(runner, make, db):
    investor = make.org("investor", code="INV-X")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "boss", "--role", "manager", "--org",
                                 "INV-X"], input="long-enough-pass\nlong-enough-pass\n")
    assert result.exit_code == 2 and "không phù hợp" in result.output
    assert db.session.scalar(select(User).where(User.username == "boss")) is None
    assert investor.id


def test_cli_users_set_moves_deactivates_and_checks_the_kind(runner, make, db):
    user = make.user("inspector")
    other = make.org("environment_department", code="SNNMT")
    make.org("investor", code="INV-Y")
    db.session.commit()
    moved = runner.invoke(args=["users", "set", user.username, "--org", "SNNMT"])
    assert moved.exit_code == 0, moved.output
    refused = runner.invoke(args=["users", "set", user.username, "--org", "INV-Y"])
    assert refused.exit_code == 2 and "không phù hợp" in refused.output
    off = runner.invoke(args=["users", "set", user.username, "--inactive"])
    assert off.exit_code == 0, off.output
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.organization_id == other.id and not user.active


def test_api_and_pages_refuse_a_role_that_does_not_fit(api, web, make, db):
    admin = make.user("admin")
    company = make.org("investor")
    department = make.department()
    investor = make.user("investor", org=company)
    api.as_(admin)
    r = api.post("/api/v1/users", json={"username": "x1", "role": "manager",
                                        "organization_id": company.id})
    assert r.status_code == 422 and "role" in r.get_json()["errors"]
    r = api.client.patch(f"/api/v1/users/{investor.id}", json={"organization_id": department.id},
                         headers=api._headers())
    assert r.status_code == 422 and "role" in r.get_json()["errors"]
    web.login(admin)
    page = web.post("/accounts/users/new", {"username": "x2", "role": "investor",
                                            "organization_id": department.id})
    assert page.status_code == 422 and "không phù hợp" in page.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username.in_(["x1", "x2"]))) is None


def test_an_organization_kind_change_must_fit_its_users(api, make, db):
    admin = make.user("admin")
    company = make.org("investor")
    make.user("investor", org=company)
    api.as_(admin)
    r = api.client.patch(f"/api/v1/organizations/{company.id}", json={"kind": "commune_committee"},
                         headers=api._headers())
    assert r.status_code == 422 and "kind" in r.get_json()["errors"]


# Officials act within their organization ----------------------------------------------------

@pytest.fixture
def two_departments(make, db):
    industry = make.department()
    environment = make.org("environment_department", code="SNNMT")
    commune = make.org("commune_committee", code="UBND-X", parent_id=industry.id)
    return industry, environment, commune


def _cancel(api, inspection):
    return api.post(f"/api/v1/inspections/{inspection.id}/transitions",
                    json={"trigger": "cancel", "comment": "hủy"})


def test_an_inspector_acts_only_on_its_organizations_inspections(api, make, db,
                                                                 two_departments):
    industry, environment, _commune = two_departments
    ours = make.user("inspector", org=industry)
    theirs = make.user("inspector", org=environment)
    inspection = make.inspection(make.cluster(), ours)
    api.as_(theirs)
    assert _cancel(api, inspection).status_code == 403
    db.session.expire_all()
    assert db.session.get(Inspection, inspection.id).state == "planned"


def test_an_explicit_assignment_lets_another_departments_inspector_act(api, make, db,
                                                                      two_departments):
    industry, environment, _commune = two_departments
    inspection = make.inspection(make.cluster(), make.user("inspector", org=industry))
    assigned = make.user("inspector", org=environment)
    inspection.lead_inspector_id = assigned.id
    api.as_(assigned)
    assert _cancel(api, inspection).status_code == 200


def test_a_manager_acts_within_its_departments_remit(api, make, db, two_departments):
    industry, environment, commune = two_departments
    by_industry = make.inspection(make.cluster(), make.user("inspector", org=industry))
    by_commune = make.inspection(make.cluster(), make.user("inspector", org=commune))
    by_environment = make.inspection(make.cluster(), make.user("inspector", org=environment))
    api.as_(make.user("manager", org=environment))
    assert _cancel(api, by_industry).status_code == 403
    assert _cancel(api, by_commune).status_code == 403  # supervised by the other department
    assert _cancel(api, by_environment).status_code == 200


def test_the_cluster_authoritys_managers_decide_every_case(api, make, db, two_departments):
    industry, environment, commune = two_departments
    by_environment = make.inspection(make.cluster(), make.user("inspector", org=environment))
    by_commune = make.inspection(make.cluster(), make.user("inspector", org=commune))
    api.as_(make.user("manager", org=industry))
    assert _cancel(api, by_environment).status_code == 200
    assert _cancel(api, by_commune).status_code == 200


# plan-progress is the dashboard's -------------------------------------------------------

def test_plan_progress_refuses_investors_like_the_dashboard(api, web, make, db):
    investor = make.user("investor")
    make.cluster(investor=investor.organization)
    make.cluster()
    api.as_(investor)
    r = api.get("/api/v1/plan-progress")
    assert r.status_code == 403 and "CCN-" not in r.get_data(as_text=True)
    web.login(investor)
    assert web.get("/dashboard").status_code == 403
    api.as_(make.user("manager"))
    assert api.get("/api/v1/plan-progress").status_code == 200


# Every accepted transition bumps the version; the API requires it -------------------------

def _expandable(make, db):
    cluster = make.cluster(stage="operational", leased_land_ha=12, operational_on=date(2026, 1, 5))
    make.plant(cluster, certification_date=date(2026, 2, 1))
    db.session.commit()
    return cluster


def test_expand_keeps_the_state_and_bumps_the_version(api, make, db):
    cluster = _expandable(make, db)
    api.as_(make.user("manager"))
    url = f"/api/v1/clusters/{cluster.id}/transitions"
    body = {"trigger": "expand", "data": {"decision_no": "5/QĐ", "decision_date": "2026-11-20"}}
    first = api.client.post(url, json={**body, "version": cluster.version}, headers=api._headers())
    assert first.status_code == 200, first.get_json()
    after_first = first.get_json()["version"]
    second = api.client.post(url, json={**body, "version": after_first}, headers=api._headers())
    assert second.status_code == 200 and second.get_json()["version"] == after_first + 1
    # The same version again is stale: one success per version read, never two.
    again = api.client.post(url, json={**body, "version": after_first}, headers=api._headers())
    assert again.status_code == 409
    assert db.session.get(Cluster, cluster.id).stage == "operational"


def test_a_transition_without_a_version_is_428_and_if_match_works(api, make, db):
    cluster = _expandable(make, db)
    api.as_(make.user("manager"))
    url = f"/api/v1/clusters/{cluster.id}/transitions"
    body = {"trigger": "expand", "data": {"decision_no": "5/QĐ", "decision_date": "2026-11-20"}}
    blind = api.client.post(url, json=body, headers=api._headers())
    assert blind.status_code == 428 and blind.get_json()["error"] == "precondition_required"
    stale = api.client.post(url, json=body, headers={**api._headers(),
                                                     "If-Match": f'"{cluster.version + 5}"'})
    assert stale.status_code == 409
    fresh = api.client.post(url, json=body, headers={**api._headers(),
                                                     "If-Match": f'"{cluster.version}"'})
    assert fresh.status_code == 200


def test_a_page_transition_without_a_version_changes_nothing(web, make, db):
    cluster = _expandable(make, db)
    web.login(make.user("manager"))
    before = cluster.version
    response = web.post(f"/clusters/{cluster.id}/actions/expand",
                        {"decision_no": "5/QĐ", "decision_date": "20/11/2026"})
    # No version read: never taken as "the current one"; the page asks to be reloaded.
    assert response.status_code == 422 and "tải lại trang" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Cluster, cluster.id).version == before
    ok = web.post(f"/clusters/{cluster.id}/actions/expand",
                  {"version": before, "decision_no": "5/QĐ", "decision_date": "20/11/2026"})
    assert ok.status_code == 303
    db.session.expire_all()
    assert db.session.get(Cluster, cluster.id).version == before + 1
