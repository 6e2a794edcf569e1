import re
from datetime import date, timedelta

from models import AuditEntry, PlanTarget
from workflows.engine.fire import fire


def edit_data(cluster, **changes):
    data = {"version": cluster.version, "code": cluster.code, "name": cluster.name,
            "district": cluster.district, "commune": cluster.commune, "kind": cluster.kind,
            "area_ha": "20", "industrial_land_ha": "15", "leased_land_ha": "6",
            "investor_id": str(cluster.investor_id), "planned_start_date": "",
            "planned_completion_date": ""}
    data.update(changes)
    return data


def test_manager_edits_cluster_data(web, make, db):
    cluster = make.cluster()
    web.login(make.user("manager"))
    assert 'value="CCN thử nghiệm' in web.text(f"/clusters/{cluster.id}/edit")
    response = web.post(f"/clusters/{cluster.id}/edit",
                        edit_data(cluster, leased_land_ha="12", planned_start_date="01/06/2027"))
    assert response.status_code == 303
    db.session.expire_all()
    assert float(cluster.leased_land_ha) == 12 and cluster.planned_start_date == date(2027, 6, 1)
    entry = db.session.query(AuditEntry).filter_by(trigger="update").one()
    assert [float(v) for v in entry.data["leased_land_ha"]] == [6, 12]
    page = web.text(f"/clusters/{cluster.id}")
    assert "80,0%" in page and "Cập nhật dữ liệu" in page


def test_edit_errors_stay_beside_their_fields(web, make, db):
    cluster = make.cluster()
    web.login(make.user("manager"))
    response = web.post(f"/clusters/{cluster.id}/edit",
                        edit_data(cluster, leased_land_ha="99", name="Tên mới"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="leased_land_ha"' in page and 'value="Tên mới"' in page


def test_a_stale_edit_is_refused(web, make, db, clock):
    cluster = make.cluster()
    manager = make.user("manager")
    web.login(manager)
    stale = cluster.version
    fire(db.session, cluster, "establish", manager, now=clock(),
         data={"decision_no": "1/QĐ", "decision_date": "2026-11-01"})
    db.session.commit()
    response = web.post(f"/clusters/{cluster.id}/edit", edit_data(cluster, version=stale,
                                                                   name="Ghi đè"))
    assert response.status_code == 303
    assert "người khác thay đổi" in web.text(f"/clusters/{cluster.id}")
    db.session.expire_all()
    assert cluster.name != "Ghi đè"


def test_dashboard_shows_actual_against_target_and_filters(web, make, db):
    db.session.add(PlanTarget(year=2026, indicator="operational", min_value=2, max_value=4,
                              label_vi="Số cụm đi vào hoạt động", label_en="Clusters operational"))
    make.cluster(stage="operational", operational_on=date(2026, 5, 1), district="Sóc Sơn",
                 name="CCN Sóc Sơn")
    make.cluster(stage="operational", operational_on=date(2026, 6, 1), district="Mê Linh")
    web.login(make.user("manager"))
    page = web.text("/dashboard?year=2026")
    assert "Số cụm đi vào hoạt động" in page and "<svg" in page
    assert 'class="actual"><span>2' in page
    page = web.text("/dashboard?year=2026&district=Sóc Sơn")
    assert 'class="actual"><span>1' in page
    page = web.text("/dashboard/indicators/operational?year=2026&district=Sóc Sơn")
    assert "CCN Sóc Sơn" in page


def test_the_chart_key_names_each_colour_a_bar_is_drawn_in(web, make, db):
    """A bar is green where its target is met and orange where not: the key shows both."""
    for indicator, low in (("operational", 1), ("established_or_expanded", 5)):
        db.session.add(PlanTarget(year=2026, indicator=indicator, min_value=low,
                                  label_vi=indicator, label_en=indicator))
    make.cluster(stage="operational", operational_on=date(2026, 5, 1))
    web.login(make.user("manager"))
    chart = web.text("/dashboard?year=2026").split('<figure class="chart">')[1].split("</figure>")[0]
    drawn = set(re.findall(r'<rect [^>]*class="(bar[^"]*)"', chart))
    assert drawn == {"bar", "bar met"}
    key = chart.split("<figcaption>")[1]
    assert all(f'class="key {cls}"' in key for cls in drawn), key


def test_deadline_board_buckets_and_grouping(web, make, db, clock):
    inspector = make.user("inspector")
    violation = make.violation(make.cluster(), inspector)  # violation_record due in 2 working days
    web.login(make.user("manager"))
    board = web.text("/deadlines")
    week = board.split('data-bucket="week"')[1].split('data-bucket="month"')[0]
    assert f"/violations/{violation.id}" in week and "Sở Công Thương" in week
    clock.set(clock.now + timedelta(days=10))
    board = web.text("/deadlines")
    overdue = board.split('data-bucket="overdue"')[1].split('data-bucket="week"')[0]
    assert f"/violations/{violation.id}" in overdue
    assert f"/violations/{violation.id}" in web.text("/deadlines/all?bucket=overdue")
    dashboard = web.text("/dashboard")
    assert 'data-stat="overdue_deadlines">\n    <span class="n">1<' in dashboard
