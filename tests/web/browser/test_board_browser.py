"""The deadline board on a manager's desktop screen: the twenty most urgent rows are in
view without scrolling, and the filters work from the page."""
from datetime import date, timedelta

import pytest

from workflows.engine.fire import fire

pytestmark = pytest.mark.browser


def test_twenty_most_urgent_in_view_and_filtered(people, make, db, clock):
    manager = make.user("manager")
    # A holder's name as long as Hanoi's longest: the person column stays in view.
    holder = make.org("commune_committee", name_vi="Ủy ban nhân dân xã Phùng Xá "
                      "(Ban quản lý cụm công nghiệp làng nghề và phát triển công nghiệp)")
    cluster = make.cluster(commune="Phùng Xá")
    other = make.cluster(commune="Bình Phú")
    for i in range(24):
        o = make.obstacle(cluster if i % 2 else other, manager, responsible=holder,
                          title=f"Vướng mắc giải phóng mặt bằng lô {i}")
        # Assigned a month ago, when the date was ahead; overdue by now.
        fire(db.session, o, "assign", manager, now=clock() - timedelta(days=31),
             data={"resolve_by": (date(2026, 11, 10) + timedelta(days=i)).isoformat(),
                   "person_in_charge": f"Cán bộ {i}"})
    db.session.commit()
    office = people()
    page = office.login(manager)
    office.go("/deadlines")
    rows = page.locator("#urgent tbody tr")
    assert rows.count() == 20
    height = page.viewport_size["height"]
    last = rows.nth(19).bounding_box()
    assert last["y"] + last["height"] <= height, (last, height)
    assert "18 ngày" in rows.nth(0).inner_text()  # 10/11 to 28/11
    # Every column in view: the table never scrolls sideways on a desktop.
    assert page.locator("#urgent .table-wrap").evaluate("w => w.scrollWidth <= w.clientWidth")
    office.shot("board-urgent-desktop-vi")
    page.select_option("[name=commune]", "Phùng Xá")
    page.click(".board-filters button")
    page.wait_for_load_state()
    assert "commune=" in page.url
    assert all("Phùng Xá" in t or "lô" in t for t in rows.all_inner_texts())
    assert rows.count() == 12
