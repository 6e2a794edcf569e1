"""The obstacles register in the pages: report, list and filter, the cluster page, the
actions, the deadline board and the dashboard's counts."""
from datetime import timedelta

import pytest

from models import Obstacle


@pytest.fixture
def world(make):
    department = make.department()
    commune = make.org("commune_committee", code="UBND-PX", name_vi="UBND xã Phùng Xá",
                       parent_id=department.id)
    investor_org = make.org("investor")
    return {
        "department": department, "commune": commune,
        "cluster": make.cluster(investor=investor_org, commune="Phùng Xá", name="CCN Phùng Xá"),
        "other": make.cluster(commune="Bình Phú", name="CCN Bình Phú"),
        "investor": make.user("investor", org=investor_org),
        "manager": make.user("manager", org=department),
    }


def test_investor_reports_on_its_own_cluster_only(web, world, db):
    w = world
    web.login(w["investor"])
    page = web.text(f"/obstacles/new?cluster_id={w['cluster'].id}")
    assert "CCN Phùng Xá" in page and "CCN Bình Phú" not in page
    bad = web.post("/obstacles/new", {"cluster_id": w["cluster"].id, "kind": "capital",
                                      "title": "", "description": "Thiếu vốn đối ứng",
                                      "responsible_org_id": w["commune"].id})
    assert bad.status_code == 422
    assert "Thiếu vốn đối ứng" in bad.get_data(as_text=True)  # nothing typed is lost
    foreign = web.post("/obstacles/new", {"cluster_id": w["other"].id, "kind": "capital",
                                          "title": "x", "responsible_org_id": w["commune"].id})
    assert foreign.status_code == 422  # not among its choices
    r = web.post("/obstacles/new", {"cluster_id": w["cluster"].id, "kind": "capital",
                                    "title": "Thiếu vốn làm đường nội bộ",
                                    "responsible_org_id": w["commune"].id})
    assert r.status_code == 303, r.get_data(as_text=True)[:400]
    obstacle = db.session.query(Obstacle).one()
    assert (obstacle.cluster_id, obstacle.reported_by_id) == (w["cluster"].id, w["investor"].id)
    cluster_page = web.text(f"/clusters/{w['cluster'].id}")
    assert "Thiếu vốn làm đường nội bộ" in cluster_page


def test_manager_assigns_and_the_board_and_dashboard_count_it(web, world, make, clock, db):
    w = world
    obstacle = make.obstacle(w["cluster"], w["investor"], responsible=w["commune"])
    make.obstacle(w["other"], w["manager"], kind="planning", title="Chờ điều chỉnh quy hoạch")
    web.login(w["manager"])
    listing = web.text("/obstacles?kind=land_clearance")
    assert obstacle.title in listing and "Chờ điều chỉnh quy hoạch" not in listing
    assert "Chờ điều chỉnh quy hoạch" in web.text("/obstacles?commune=Bình Phú")
    assert obstacle.title in web.text("/obstacles?q=Phùng")
    # What the commune must clear, and that list as a spreadsheet.
    mine = web.text(f"/obstacles?responsible_org_id={w['commune'].id}")
    assert obstacle.title in mine and "Chờ điều chỉnh quy hoạch" not in mine
    assert f'<option value="{w["commune"].id}" selected>UBND xã Phùng Xá</option>' in mine
    link = mine.split('data-export="obstacles-xlsx"')[0].rsplit('href="', 1)[1]
    assert f"responsible_org_id={w['commune'].id}" in link
    assert "Chờ điều chỉnh quy hoạch" in web.text("/obstacles?responsible_org_id=abc")
    page = web.text(f"/obstacles/{obstacle.id}")
    assert 'data-trigger="assign"' in page and "UBND xã Phùng Xá" in page
    r = web.post(f"/obstacles/{obstacle.id}/actions/assign",
                 {"version": obstacle.version, "resolve_by": "10/12/2026",
                  "person_in_charge": "Ông Nguyễn Văn Ba"})
    assert r.status_code == 303
    db.session.refresh(obstacle)
    assert (obstacle.state, obstacle.person_in_charge) == ("assigned", "Ông Nguyễn Văn Ba")

    # The list says what each is asked and by when, and which date has passed.
    row = web.text("/obstacles").split(f'data-obstacle="{obstacle.id}"', 1)[1].split("</article>")[0]
    assert "Tháo gỡ khó khăn vướng mắc" in row and "10/12/2026" in row and "Quá hạn" not in row
    clock.set(clock.now + timedelta(days=20))  # 18/12: eight days past the date
    row = web.text("/obstacles").split(f'data-obstacle="{obstacle.id}"', 1)[1].split("</article>")[0]
    assert 'class="deadline overdue"' in row and "Quá hạn" in row
    board = web.text("/deadlines")
    assert obstacle.title in board
    dashboard = web.text("/dashboard")
    assert 'data-stat="open_obstacles"' in dashboard

    def stat(name):
        text = dashboard.split(f'data-stat="{name}"', 1)[1]
        return int(text.split('class="n">', 1)[1].split("<", 1)[0])

    assert (stat("open_obstacles"), stat("overdue_obstacles")) == (2, 1)


def test_investor_does_not_see_another_clusters_obstacle(web, world, make):
    w = world
    theirs = make.obstacle(w["other"], w["manager"])
    web.login(w["investor"])
    assert web.get(f"/obstacles/{theirs.id}").status_code == 404
    assert theirs.title not in web.text("/obstacles")
