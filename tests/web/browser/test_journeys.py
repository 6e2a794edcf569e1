"""One story through every role, in a real browser against a real server: the inspector
finds a violation on site, the investor answers with a plan and proof, the inspector
verifies, and the manager sees the dashboard and the deadline board change."""
from datetime import date, timedelta

import pytest

from models import Deadline, PlanTarget, Violation

pytestmark = pytest.mark.browser


def overdue_section(page):
    return page.locator('[data-bucket="overdue"]')


def stat(page, name) -> int:
    return int(page.inner_text(f'[data-stat="{name}"] .n'))


def test_inspection_to_remediation_journey(people, make, db, clock):
    department = make.department()
    investor_org = make.org("investor", name_vi="Công ty CP Hạ tầng Phùng Xá")
    cluster = make.cluster(investor=investor_org, stage="operational",
                           operational_on=date(2026, 3, 1), name="CCN Phùng Xá")
    make.plant(cluster)
    other = make.cluster(stage="operational", operational_on=date(2026, 4, 1), name="CCN Bình Phú")
    make.plant(other)
    db.session.add(PlanTarget(year=2026, indicator="plant_meets_standard", min_value=50,
                              max_value=100, label_vi="Tỷ lệ cụm có trạm XLNT đạt chuẩn",
                              label_en="Clusters whose wastewater plant meets the standard"))
    inspector = make.user("inspector", org=department, full_name="Nguyễn Văn Kiểm")
    manager = make.user("manager", org=department, full_name="Trần Thị Quản")
    investor = make.user("investor", org=investor_org, full_name="Lê Văn Đầu Tư")
    db.session.commit()

    # The inspector, on a phone on site.
    field = people("phone")
    page = field.login(inspector)
    field.go("/inspections/new")
    page.select_option("[name=cluster_id]", str(cluster.id))
    page.select_option("[name=kind]", "surprise")
    page.fill("[name=planned_date]", "28/11/2026")
    page.fill("[name=team]", "Nguyễn Văn Kiểm (trưởng đoàn), Phạm Thu Hà")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    field.act("notify", decision_no="45/QĐ-SCT")
    field.act("start")
    page.select_option("[name=category]", "wastewater")
    page.select_option("[name=severity]", "high")
    page.fill("[name=description]", "Nước thải sau xử lý có COD vượt quy chuẩn")
    page.fill("[name=measurements-0-parameter]", "COD")
    page.fill("[name=measurements-0-value]", "250")  # leaving the parameter brings its unit
    assert page.input_value("[name=measurements-0-unit]") == "mg/l"
    page.fill("[name=measurements-0-sampling_point]", "Cửa xả trạm XLNT")
    page.fill("[name=measurements-0-sampled_at]", "28/11/2026 09:30")
    page.click(".finding-form button.primary")
    page.wait_for_selector(".flash.success")
    assert "250 mg/l" in page.inner_text("#findings")
    photo = page.screenshot()  # a real PNG taken on site
    page.set_input_files("input[name=file]", files=[
        {"name": "cua-xa.png", "mimeType": "image/png", "buffer": photo}])
    page.click("form.upload button")
    page.wait_for_selector(".flash.success")
    assert page.locator("#evidence img").count() == 1
    field.act("record_findings")
    field.act("conclude", comment="Kết luận: cụm vi phạm quy chuẩn nước thải")
    page.wait_for_selector("pre.mermaid svg", state="attached")  # rendered by our own script
    field.shot("journey-inspection-phone-vi")
    violation = db.session.query(Violation).one()
    field.go(f"/violations/{violation.id}")
    field.act("notify", record_no="12/BB-VPHC")
    assert "Đã lập biên bản" in page.inner_text("h1 + p")

    # Twenty days later the investor has not sent a plan: the manager sees it overdue.
    clock.set(clock.now + timedelta(days=20))
    plan_deadline = db.session.query(Deadline).filter_by(
        entity_type="violation", entity_id=violation.id, policy_key="remediation_plan").one()
    office = people()
    page = office.login(manager)
    office.go("/dashboard?year=2026")
    overdue_before, violating_before = stat(page, "overdue_deadlines"), stat(
        page, "clusters_in_violation")
    plant_share_before = page.inner_text('[data-indicator="plant_meets_standard"] .actual')
    assert violating_before == 1
    office.go("/deadlines")
    assert overdue_section(page).locator(f'[data-deadline="{plan_deadline.id}"]').count() == 1

    # The investor answers on a phone: what is wrong, what is asked, by when.
    owner = people("phone")
    page = owner.login(investor)
    card = page.locator(f'[data-violation="{violation.id}"]')
    assert "Nộp phương án khắc phục" in card.inner_text() and "Quá hạn" in card.inner_text()
    owner.shot("journey-investor-violations-phone-vi")
    card.locator("h2 a").click()
    page.click("[data-trigger=submit_plan]")  # the plan's proof goes in the action's form
    page.set_input_files("input[name=evidence_files]", files=[
        {"name": "phuong-an.png", "mimeType": "image/png", "buffer": photo}])
    page.fill("[name=comment]", "Nâng cấp bể sinh học, bổ sung hóa chất keo tụ")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    field.go(f"/violations/{violation.id}")
    field.act("accept_plan", due_date="31/12/2026", comment="Đồng ý phương án")
    owner.go(f"/violations/{violation.id}")
    owner.act("request_extension", requested_due_date="31/01/2027",
              comment="Chờ nhà cung cấp thiết bị")
    office.go(f"/violations/{violation.id}")
    office.act("grant_extension", new_due_date="20/01/2027", comment="Gia hạn đến 20/01/2027")
    page = owner.go(f"/violations/{violation.id}")
    assert "Đã gia hạn" in page.inner_text("h1 + p")
    assert "20/01/2027" in page.inner_text("#deadlines")  # the new deadline
    assert "Gia hạn đến 20/01/2027" in page.inner_text("#timeline")  # the answer
    page.set_input_files("input[name=file]", files=[
        {"name": "nghiem-thu.png", "mimeType": "image/png", "buffer": photo}])
    page.click("form.upload button")
    page.wait_for_selector(".flash.success")
    page.click("[data-trigger=report_remediation]")
    page.locator("input[name=evidence_ids]").first.check()
    page.fill("[name=comment]", "Đã hoàn thành nâng cấp, kết quả quan trắc đạt")
    page.click("form button.primary")
    page.wait_for_selector(".flash.success")
    owner.shot("journey-investor-violation-phone-vi")

    # The inspector verifies the remediation and closes the case.
    page = field.go(f"/violations/{violation.id}")
    field.act("verify", comment="Kiểm tra lại: COD 60 mg/l, đạt")
    field.act("close")
    assert "Đã khắc phục" in page.inner_text("h1 + p")

    # The manager certifies the other cluster's plant and sees the numbers move.
    page = office.go(f"/clusters/{other.id}")
    office.act("certify_plant", certification_no="88/GXN-STNMT",
               certification_date="15/12/2026")
    office.go("/dashboard?year=2026")
    assert stat(page, "clusters_in_violation") == violating_before - 1
    assert stat(page, "overdue_deadlines") < overdue_before
    assert page.inner_text('[data-indicator="plant_meets_standard"] .actual') != \
        plant_share_before
    office.shot("journey-dashboard-desktop-vi")
    office.go("/deadlines")
    assert overdue_section(page).locator(f'[data-deadline="{plan_deadline.id}"]').count() == 0
    db.session.expire_all()
    assert db.session.get(Violation, violation.id).state == "remediated"
