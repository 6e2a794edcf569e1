"""The city's year in a real browser: the manager enters next year's targets, an investor
reports an obstacle from a phone, the department assigns it to the commune that must clear
it, the commune clears it, and the deadline board and the dashboard follow."""
from datetime import date

import pytest

from models import Deadline, Obstacle, PlanTarget

pytestmark = pytest.mark.browser


def stat(page, name) -> int:
    return int(page.inner_text(f'[data-stat="{name}"] .n'))


def test_targets_then_an_obstacle_reported_assigned_and_cleared(people, make, db):
    department = make.department()
    commune = make.org("commune_committee", code="UBND-PX", name_vi="UBND xã Phùng Xá",
                       name_en="Phung Xa Commune Committee", parent_id=department.id)
    investor_org = make.org("investor", name_vi="Công ty CP Hạ tầng Phùng Xá")
    cluster = make.cluster(investor=investor_org, name="CCN Phùng Xá", stage="established",
                           commune="Phùng Xá")
    manager = make.user("manager", org=department, full_name="Trần Thị Quản")
    investor = make.user("investor", org=investor_org, full_name="Lê Văn Đầu Tư")
    commune_official = make.user("manager", org=commune, full_name="Phạm Văn Xã")
    db.session.add(PlanTarget(year=2026, indicator="established_or_expanded", min_value=15,
                              max_value=20, label_vi="Thành lập mới hoặc mở rộng 15-20 CCN",
                              label_en="Establish or expand 15-20 clusters"))
    db.session.commit()

    # The manager enters next year's plan (2027): one target copied, one corrected.
    office = people()
    page = office.login(manager)
    office.go("/dashboard?year=2026")
    page.click('[data-action="plan-targets"]')
    page.click('a:has-text("2027")')
    page.click('[data-action="copy"]')
    page.wait_for_selector(".flash.success")
    page.click('[data-indicator="established_or_expanded"] a.button')
    page.fill("[name=min_value]", "10")
    page.fill("[name=max_value]", "15")
    page.fill("[name=scope]", "Kế hoạch năm 2027")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    page.select_option("[name=indicator]", "plant_meets_standard")
    page.fill("[name=min_value]", "100")
    page.fill("[name=max_value]", "100")
    page.click("form.target-form button.primary")
    page.wait_for_selector(".flash.success")
    assert page.inner_text('[data-indicator="established_or_expanded"] .range') == "10–15"
    assert page.locator('[data-indicator="plant_meets_standard"]').count() == 1
    office.shot("year-plan-targets-desktop-vi")
    office.go("/dashboard?year=2026")
    open_before = stat(page, "open_obstacles")

    # The investor, on a phone, reports what holds the cluster back.
    owner = people("phone")
    page = owner.login(investor)
    owner.go(f"/clusters/{cluster.id}")
    page.click('#obstacles a.button')
    page.select_option("[name=kind]", "land_clearance")
    page.fill("[name=title]", "Còn 2,3 ha chưa giải phóng mặt bằng")
    page.fill("[name=description]", "5 hộ dân chưa nhận tiền bồi thường")
    page.select_option("[name=responsible_org_id]", str(commune.id))
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    assert "UBND xã Phùng Xá" in page.inner_text(".responsible")
    owner.shot("year-obstacle-reported-phone-vi")
    obstacle = db.session.query(Obstacle).one()

    # The department assigns it to the commune with a date and a person in charge.
    page = office.go(f"/obstacles/{obstacle.id}")
    office.act("assign", resolve_by="15/12/2026", person_in_charge="Ông Phạm Văn Xã")
    assert "Ông Phạm Văn Xã" in page.inner_text(".person")
    deadline = db.session.query(Deadline).filter_by(
        entity_type="obstacle", entity_id=obstacle.id, policy_key="obstacle_resolution").one()
    office.go("/deadlines")
    row = page.locator(f'[data-deadline="{deadline.id}"]')
    assert row.count() == 1 and "Còn 2,3 ha" in row.inner_text()
    office.go("/dashboard?year=2026")
    assert stat(page, "open_obstacles") == open_before + 1

    # The commune's official clears it.
    local = people()
    page = local.login(commune_official)
    local.go(f"/obstacles/{obstacle.id}")
    local.act("start")
    local.act("resolve", comment="Đã chi trả bồi thường, bàn giao 2,3 ha cho chủ đầu tư")
    assert "Đã tháo gỡ" in page.inner_text("h1 + p")
    page.wait_for_selector("pre.mermaid svg")  # the workflow diagram rendered

    # The board and the dashboard reflect it; the investor sees it cleared.
    page = office.go("/deadlines")
    assert page.locator(f'[data-deadline="{deadline.id}"]').count() == 0
    office.go("/dashboard?year=2026")
    assert stat(page, "open_obstacles") == open_before
    assert stat(page, "resolved_obstacles") == 1
    office.shot("year-dashboard-desktop-vi")
    page = owner.go(f"/obstacles/{obstacle.id}")
    assert "Đã chi trả bồi thường" in page.inner_text("#timeline")
    db.session.expire_all()
    assert db.session.get(Obstacle, obstacle.id).resolved_on == date(2026, 11, 28)
