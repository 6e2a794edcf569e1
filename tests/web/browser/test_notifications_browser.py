"""The notifications and calendar feeds as a manager meets them in a real browser, with
CSRF on: the badge, opening one, marking all read, issuing a feed URL that a calendar
client (no cookies) can read, revoking it; screenshots in both languages."""
import urllib.error
import urllib.request
from datetime import date, timedelta

import pytest

from models import Deadline, Notification

pytestmark = pytest.mark.browser


@pytest.fixture
def inbox(make, db, clock):
    department = make.department()
    manager = make.user("manager", org=department, full_name="Trần Thị Quản")
    violation = make.violation(make.cluster(name="CCN Phùng Xá"), make.user("inspector"),
                               title="COD vượt quy chuẩn cột B")
    deadline = Deadline(entity_type="violation", entity_id=violation.id, policy_key="remediation",
                        title_vi="Lập biên bản vi phạm", title_en="Record the violation",
                        holder_org_id=department.id, due_date=date(2026, 12, 1),
                        original_due_date=date(2026, 12, 1))
    db.session.add(deadline)
    db.session.flush()
    texts = [("deadline", deadline.id, "[Nhắc hạn] Lập biên bản vi phạm: còn 3 ngày (hạn 01/12/2026)",
              "Còn 3 ngày đến hạn.\n\nViệc cần làm: Lập biên bản vi phạm\nHạn chót: 01/12/2026"),
             ("violation", violation.id, "[Vi phạm] #1: Đã phát hiện / [Violation] #1: Detected",
              "Kiểm tra đột xuất"),
             ("deadline", deadline.id, "[Nhắc hạn] Lập biên bản vi phạm: còn 7 ngày (hạn 01/12/2026)",
              "Còn 7 ngày đến hạn.")]
    for i, (kind, entity_id, subject, body) in enumerate(texts):
        db.session.add(Notification(
            idempotency_key=f"browser:{i}", channel="in_app",
            recipient_user_id=manager.id, kind="deadline_reminder", entity_type=kind,
            entity_id=entity_id, subject=subject, body=body, status="sent",
            created_at=clock() - timedelta(hours=i * 20)))
    db.session.commit()
    return {"manager": manager, "violation": violation}


def unread(page) -> int:
    badge = page.locator("[data-test=notifications] .count")
    return int(badge.inner_text()) if badge.count() else 0


def fetch(url) -> tuple[int, str]:
    """As a calendar application would: no cookies, no login."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_notifications_and_calendar_feed(people, inbox, viewport):
    tab = people(viewport)
    page = tab.login(inbox["manager"])
    assert unread(page) == 3
    page.click("[data-test=notifications]")
    page.wait_for_selector("li.notice.unread")
    tab.shot(f"notifications-{viewport}-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.locator("li.notice").first.locator("[data-test=open]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/violations/{inbox['violation'].id}") and unread(page) == 2
    tab.go("/notifications")
    page.click("[data-test=read-all]")
    page.wait_for_selector(".flash.success")
    assert unread(page) == 0 and page.locator("li.notice.unread").count() == 0

    page.click("text=Đăng ký lịch thời hạn")
    page.click("[data-test=issue-user]")
    url = page.input_value("[data-test=feed-url]")
    status, body = fetch(url)
    assert status == 200 and "BEGIN:VEVENT" in body and "Lập biên bản vi phạm" in body
    tab.shot(f"calendar-feeds-{viewport}-vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.click("[data-test=language]")  # from a POST's page it goes home
    page.wait_for_load_state()
    tab.go("/calendar-feeds")
    assert page.inner_text("h1") == "Deadline calendar subscription"
    assert url not in page.content()  # shown once, in the response that issued it
    tab.shot(f"calendar-feeds-{viewport}-en")
    page.click("[data-test=revoke-user]")
    page.wait_for_selector(".flash.success")
    assert fetch(url)[0] == 404
    tab.go("/notifications")
    assert page.inner_text("h1") == "Notifications"
    tab.shot(f"notifications-{viewport}-en")
