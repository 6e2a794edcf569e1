"""Next year's plan in the browser's pages, and the dashboard comparing a year with the
one before."""
from datetime import date

from sqlalchemy import select

from models import AuditEntry, PlanTarget


def test_manager_enters_copies_and_corrects_targets(web, make, db):
    manager = make.user("manager")
    db.session.add(PlanTarget(year=2026, indicator="operational", min_value=15, max_value=20,
                              label_vi="Đưa vào hoạt động 15-20 CCN",
                              label_en="Bring 15-20 clusters into operation", scope="KH 2026"))
    web.login(manager)
    page = web.text("/plan/targets")  # next year's, 2027, by default
    assert "2027" in page and 'data-action="copy"' in page
    assert web.post("/plan/targets/copy?year=2027").status_code == 303
    copied = db.session.scalar(select(PlanTarget).where(PlanTarget.year == 2027))
    assert (copied.indicator, copied.min_value, copied.max_value) == ("operational", 15, 20)

    bad = web.post("/plan/targets?year=2027", {"year": 2027, "indicator": "plant_meets_standard",
                                               "min_value": 150, "scope": "KH 2027"})
    assert bad.status_code == 422 and "KH 2027" in bad.get_data(as_text=True)
    typo = web.post("/plan/targets?year=2027", {"year": "2O27", "indicator": "operational",
                                                "min_value": 10})
    assert typo.status_code == 422 and "Phải là số nguyên" in typo.get_data(as_text=True)
    ok = web.post("/plan/targets?year=2027", {"year": 2027, "indicator": "plant_meets_standard",
                                              "min_value": 100, "max_value": 100,
                                              "scope": "KH 2027"})
    assert ok.status_code == 303
    r = web.post(f"/plan/targets/{copied.id}/edit", {
        "version": copied.version, "year": 2027, "indicator": "operational", "min_value": 18,
        "max_value": 25, "scope": "KH 2027"})
    assert r.status_code == 303
    db.session.refresh(copied)
    assert (copied.min_value, copied.max_value) == (18, 25)
    trail = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "plan_target").order_by(AuditEntry.id)).all()
    assert [a.trigger for a in trail] == ["create", "create", "update"]
    assert trail[-1].data["min_value"] == [15, 18]
    assert "18–25" in web.text("/plan/targets?year=2027")


def test_investors_and_inspectors_cannot_open_the_plan(web, make):
    web.login(make.user("inspector"))
    assert web.get("/plan/targets").status_code == 403


def test_dashboard_shows_last_years_actual_beside_this_years(web, make, db, clock):
    manager = make.user("manager")
    for day in (date(2025, 5, 1), date(2025, 8, 1), date(2026, 3, 1)):
        make.cluster(stage="operational", operational_on=day)
    db.session.add(PlanTarget(year=2026, indicator="operational", min_value=1, max_value=5,
                              label_vi="Đưa vào hoạt động", label_en="Operational"))
    web.login(manager)
    page = web.text("/dashboard?year=2026")
    row = page.split('data-indicator="operational"', 1)[1].split("</tr>", 1)[0]
    assert '<span>1' in row.split('class="actual"', 1)[1]
    assert 'class="previous">2<' in row
    assert 'data-action="plan-targets"' in page
