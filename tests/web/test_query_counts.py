"""No query per row: each list page runs the same number of queries for 3 rows as for 30."""
import pytest

from query_log import recorded_statements as counted
from models import PlanTarget
from workflows.engine.fire import fire


def seed(make, db, clock, n, investor_org):
    inspector = make.user("inspector")
    for i in range(n):
        cluster = make.cluster(investor=investor_org)
        make.plant(cluster)
        make.inspection(cluster, inspector)
        violation = make.violation(cluster, inspector)
        fire(db.session, violation, "notify", inspector, now=clock(),
             data={"record_no": f"{i}/BB"})
    db.session.commit()


PAGES = ["/clusters", "/inspections", "/violations", "/deadlines", "/dashboard",
         "/deadlines/all?bucket=week", "/dashboard/indicators/operational"]


def queries_per_page(app, web, db):
    """Each page in an app context (and session) of its own, as under a server: the tests'
    `db` fixture would otherwise share its session, and whether the user is still loaded
    there, with the requests."""
    counts = {}
    for url in PAGES:
        with app.app_context(), counted(db.engine) as statements:
            response = web.get(url)
        if response.status_code == 200:
            counts[url] = len(statements)
    return counts


@pytest.mark.parametrize("role", ["manager", "investor"])
def test_list_pages_do_not_query_per_row(app, web, make, db, clock, role):
    org = make.org("investor")
    user = make.user(role, org=org if role == "investor" else None)
    # Targets, so the dashboard counts the plan and the indicator's page lists its clusters.
    for indicator in ("operational", "plant_meets_standard"):
        db.session.add(PlanTarget(year=2026, indicator=indicator, min_value=1, max_value=None,
                                  label_vi=indicator, label_en=indicator))
    seed(make, db, clock, 3, org)
    web.login(user)
    few = queries_per_page(app, web, db)
    seed(make, db, clock, 27, org)
    many = queries_per_page(app, web, db)
    assert few == many
    assert len(few) >= 5  # every page answered (the dashboard is for officials only)
    if role == "manager":
        assert "/dashboard/indicators/operational" in few


def test_the_violations_api_list_does_not_query_per_row(app, api, make, db, clock):
    """Each row says what the reader may do, which follows the inspection that found the
    violation: the inspections come with the page, not one query a row."""
    inspector, manager = make.user("inspector"), make.user("manager")

    def found(n):
        for _ in range(n):
            cluster = make.cluster()
            make.violation(cluster, inspector, inspection=make.inspection(cluster, inspector))
        db.session.commit()

    def statements():
        api.as_(manager)
        with app.app_context(), counted(db.engine) as seen:
            body = api.get("/api/v1/violations?per_page=200").get_json()
        return len(seen), body["total"]

    found(3)
    few, three = statements()
    found(27)
    many, thirty = statements()
    assert (three, thirty) == (3, 30)
    assert few == many


def test_a_detail_page_asks_each_guard_once(web, make, monkeypatch):
    """The page lists what the user may do and what a guard holds back, with its reason:
    both from one pass, so a guard that queries (open violations, occupancy) runs once."""
    from workflows.machines.guards import GUARDS

    calls = []
    for name in ("occupancy_at_least_60", "shared_infrastructure_finished"):
        def counted_guard(entity, ctx, _name=name, _guard=GUARDS[name]):
            calls.append(_name)
            return _guard(entity, ctx)
        monkeypatch.setitem(GUARDS, name, counted_guard)
    cluster = make.cluster(stage="operational")
    web.login(make.user("manager"))
    page = web.text(f"/clusters/{cluster.id}")
    assert 'expand' in page
    assert sorted(calls) == ["occupancy_at_least_60"]  # the first guard to fail stops the check
