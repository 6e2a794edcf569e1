"""The deadline board a manager works from: the most urgent first, with days overdue and
the person in charge, filtered by organization, kind, commune and entity type."""
import re
from datetime import date, timedelta

import pytest

from workflows.engine.fire import fire


# The obstacles below were assigned a month before the board is read: their dates were ahead
# then (a date to clear one by must be) and are overdue now.
A_MONTH = timedelta(days=31)


@pytest.fixture
def board_world(make, db, clock):
    department = make.department()
    commune = make.org("commune_committee", code="UBND-PX", name_vi="UBND xã Phùng Xá",
                       parent_id=department.id)
    manager = make.user("manager", org=department)
    inspector = make.user("inspector", org=department)
    px = make.cluster(commune="Phùng Xá", name="CCN Phùng Xá")
    bp = make.cluster(commune="Bình Phú", name="CCN Bình Phú")
    obstacle = make.obstacle(px, manager, responsible=commune, title="Vướng 2 ha đất lúa")
    fire(db.session, obstacle, "assign", manager, now=clock() - A_MONTH,
         data={"resolve_by": "2026-11-20",
               "person_in_charge": "Bà Nguyễn Thị Hoa, Phó Chủ tịch xã"})
    violation = make.violation(bp, inspector, title="Xả thải vượt chuẩn")  # due in 2 working days
    inspection = make.inspection(bp, inspector, team="Trần Văn Minh (trưởng đoàn), Lê Hà")
    return {"manager": manager, "commune": commune, "obstacle": obstacle,
            "violation": violation, "inspection": inspection}


def urgent_rows(page: str) -> list[str]:
    table = page.split('id="urgent"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<tr data-urgent="\d+" data-type="(\w+)"', table)


def test_most_urgent_first_with_days_overdue_and_the_person(web, board_world):
    web.login(board_world["manager"])
    page = web.text("/deadlines")
    types = urgent_rows(page)
    assert types[0] == "obstacle"  # due 20/11, eight days ago: first
    first = page.split('data-type="obstacle"', 1)[1].split("</tr>", 1)[0]
    assert "8 ngày" in first and "UBND xã Phùng Xá" in first
    assert "Bà Nguyễn Thị Hoa, Phó Chủ tịch xã" in first  # an assignee is shown whole
    assert {"violation", "inspection"} <= set(types)
    insp = page.split('data-type="inspection"', 1)[1].split("</tr>", 1)[0]
    assert "Trần Văn Minh (trưởng đoàn)" in insp


def test_filters_narrow_the_table_and_the_buckets(web, board_world):
    w = board_world
    web.login(w["manager"])
    assert set(urgent_rows(web.text("/deadlines?commune=Phùng Xá"))) == {"obstacle"}
    assert "obstacle" not in urgent_rows(web.text("/deadlines?commune=Bình Phú"))
    assert set(urgent_rows(web.text("/deadlines?entity_type=violation"))) == {"violation"}
    assert set(urgent_rows(web.text(f"/deadlines?holder={w['commune'].id}"))) == {"obstacle"}
    assert set(urgent_rows(web.text("/deadlines?policy=violation_record"))) == {"violation"}
    page = web.text("/deadlines?entity_type=violation")
    overdue = page.split('data-bucket="overdue"')[1].split('data-bucket="week"')[0]
    assert "Vướng 2 ha" not in overdue  # the buckets follow the filter too
    assert urgent_rows(web.text("/deadlines?entity_type=spaceship"))  # unknown: ignored


def test_only_twenty_rows_most_urgent_first(web, make, db, clock):
    manager = make.user("manager")
    cluster = make.cluster()
    for i in range(25):
        o = make.obstacle(cluster, manager, title=f"Vướng mắc số {i}")
        fire(db.session, o, "assign", manager, now=clock() - A_MONTH,
             data={"resolve_by": (date(2026, 11, 1) + timedelta(days=i)).isoformat()})
    web.login(manager)
    page = web.text("/deadlines?entity_type=obstacle&policy=obstacle_resolution")
    assert len(urgent_rows(page)) == 20
    assert "Vướng mắc số 0<" in page and "Vướng mắc số 24<" not in page.split(
        'id="urgent"', 1)[1].split("</section>", 1)[0]


def test_each_holder_shows_its_earliest_few_and_links_to_the_rest(web, make, db, clock):
    """Below the urgent table each holder's group lists its ROWS_PER_GROUP earliest
    deadlines, and a link opens all of them."""
    from views.web.deadline_board import ROWS_PER_GROUP

    manager = make.user("manager")
    cluster = make.cluster()
    count = ROWS_PER_GROUP + 2
    for i in range(count):
        o = make.obstacle(cluster, manager, title=f"Vướng mắc số {i}")
        fire(db.session, o, "assign", manager, now=clock() - A_MONTH,
             data={"resolve_by": (date(2026, 11, 1) + timedelta(days=i)).isoformat()})
    web.login(manager)
    page = web.text("/deadlines?entity_type=obstacle")
    overdue = page.split('data-bucket="overdue"')[1].split('data-bucket="week"')[0]
    assert len(re.findall(r"<li data-deadline=", overdue)) == ROWS_PER_GROUP
    assert f"Vướng mắc số {ROWS_PER_GROUP - 1}<" in overdue
    assert f"Vướng mắc số {ROWS_PER_GROUP}<" not in overdue
    assert f"Xem tất cả {count}" in overdue
    link = re.search(r'href="(/deadlines/all\?[^"]+)">Xem tất cả', overdue).group(1)
    everything = web.text(link.replace("&amp;", "&"))
    assert all(f"Vướng mắc số {i}<" in everything for i in range(count))


def test_an_organizations_own_deadline_is_named_in_the_readers_language(web, make, db, clock):
    """A half-yearly report is the commune's own deadline: the board names it as the
    reader reads, the commune's English name in English."""
    from models import Deadline

    commune = make.org("commune_committee", name_vi="UBND xã Phùng Xá",
                       name_en="Phung Xa Commune People's Committee")
    due = clock().date() - timedelta(days=2)
    db.session.add(Deadline(entity_type="organization", entity_id=commune.id,
                            policy_key="periodic_report_commune", title_vi="Báo cáo 6 tháng",
                            title_en="Half-yearly report", holder_org_id=commune.id,
                            due_date=due, original_due_date=due))
    web.login(make.user("manager"))

    def subject(page):
        row = page.split('data-type="organization"', 1)[1].split("</tr>", 1)[0]
        return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[3]  # after the due date, the task

    assert "UBND xã Phùng Xá" in subject(web.text("/deadlines?entity_type=organization"))
    web.post("/language/en")
    assert "Phung Xa Commune" in subject(web.text("/deadlines?entity_type=organization"))
