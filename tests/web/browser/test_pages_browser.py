"""The main pages in both languages at laptop and phone widths (screenshots for a person
to look at), the login lock as a user meets it, and CSRF on every form."""
from datetime import date

import pytest

from models import Finding, PlanTarget
from workflows.engine.fire import fire

pytestmark = pytest.mark.browser


@pytest.fixture
def city(make, db, clock):
    department = make.department()
    inspector = make.user("inspector", org=department, full_name="Nguyễn Văn Kiểm")
    manager = make.user("manager", org=department, full_name="Trần Thị Quản")
    clusters = []
    for i, (district, stage) in enumerate([("Thạch Thất", "operational"), ("Sóc Sơn", "planned"),
                                           ("Mê Linh", "plant_certified"),
                                           ("Thường Tín", "established")]):
        cluster = make.cluster(district=district, stage=stage, name=f"CCN {district}",
                               operational_on=date(2026, 2 + i, 1)
                               if stage in ("operational", "plant_certified") else None)
        make.plant(cluster, meets_standard=stage == "plant_certified")
        clusters.append(cluster)
    for indicator, low, high, vi, en in (
            ("operational", 2, 4, "Số cụm đi vào hoạt động", "Clusters put into operation"),
            ("plant_meets_standard", 80, 100, "Tỷ lệ cụm có trạm XLNT đạt chuẩn",
             "Share of clusters whose plant meets the standard"),
            ("established_or_expanded", 3, 5, "Số cụm thành lập mới hoặc mở rộng",
             "Clusters established or expanded")):
        db.session.add(PlanTarget(year=2026, indicator=indicator, min_value=low,
                                  max_value=high, label_vi=vi, label_en=en))
    inspection = make.inspection(clusters[0], inspector, state="in_progress")
    violation = make.violation(clusters[0], inspector, title="COD vượt quy chuẩn cột B")
    fire(db.session, violation, "notify", inspector, now=clock(), data={"record_no": "7/BB"})
    db.session.commit()
    return {"manager": manager, "cluster": clusters[0], "inspection": inspection,
            "violation": violation}


PAGES = {
    "dashboard": lambda c: "/dashboard?year=2026",
    "clusters": lambda c: "/clusters",
    "cluster": lambda c: f"/clusters/{c['cluster'].id}",
    "inspection": lambda c: f"/inspections/{c['inspection'].id}",
    "violation": lambda c: f"/violations/{c['violation'].id}",
    "deadlines": lambda c: "/deadlines",
    "notifications": lambda c: "/notifications",
    "calendar-feeds": lambda c: "/calendar-feeds",
}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_main_pages_in_both_languages(people, city, viewport):
    tab = people(viewport)
    page = tab.login(city["manager"])
    for language, heading in (("vi", "Cụm công nghiệp"), ("en", "Industrial clusters")):
        if language == "en":
            page.click("[data-test=language]")
            page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        for name, path in PAGES.items():
            tab.go(path(city))
            if page.locator("pre.mermaid").count():
                page.wait_for_selector("pre.mermaid svg", state="attached")  # folded on a phone
            tab.shot(f"{name}-{viewport}-{language}")
        tab.go("/clusters")
        assert page.inner_text("h1") == heading
        # Nothing runs wider than the screen: a phone never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= \
            page.viewport_size["width"]


def test_login_lock_message(people, make, db):
    user = make.user("inspector")
    db.session.commit()
    tab = people("phone")
    page = tab.go("/login")
    for _ in range(5):
        page.fill("[name=username]", user.username)
        page.fill("[name=password]", "wrong-password")
        page.click("form button.primary")
        page.wait_for_load_state()
    # The one answer to every refused login (it says nothing of how many tries are left).
    assert "tài khoản bị tạm khóa 15 phút" in page.inner_text(".flash.danger")
    assert page.input_value("[name=username]") == user.username  # the input is kept
    tab.shot("login-locked-phone-vi")


def test_what_people_typed_line_by_line_is_shown_line_by_line(people, city, db):
    """The inspection team is typed one member a line; a finding's description may run
    over several lines. The page keeps those lines instead of running them together."""
    inspection = city["inspection"]
    inspection.team = "Nguyễn Văn Kiểm - Trưởng đoàn\nPhạm Thu Hà - Thành viên"
    db.session.add(Finding(inspection_id=inspection.id, category="other", severity="low",
                           description="Cửa xả số 1 có mùi.\nNước có màu đen."))
    db.session.commit()
    tab = people("phone")
    tab.login(city["manager"])
    page = tab.go(f"/inspections/{inspection.id}")
    assert page.inner_text("[data-team]") == \
        "Nguyễn Văn Kiểm - Trưởng đoàn\nPhạm Thu Hà - Thành viên"
    assert page.inner_text("[data-finding] p.written") == \
        "Cửa xả số 1 có mùi.\nNước có màu đen."


def test_forms_carry_csrf_and_refuse_without_it(people, city, db):
    tab = people()
    page = tab.login(city["manager"])
    tab.go(f"/clusters/{city['cluster'].id}/edit")
    page.fill("[name=name]", "Không lưu được")
    page.evaluate("document.querySelector('main form [name=csrf_token]').remove()")
    page.click("form button.primary")
    page.wait_for_load_state()
    assert "Phiên làm việc đã hết hạn" in page.inner_text(".flash")
    db.session.expire_all()
    assert city["cluster"].name != "Không lưu được"
