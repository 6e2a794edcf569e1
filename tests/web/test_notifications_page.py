"""The notifications page and the navigation's unread badge: a user's own in-app rows only,
newest first, each opening what it is about; reading one or all lowers the count; nobody
reads or marks another user's (404); no query per row, one COUNT for the badge."""
import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from itertools import count

import pytest
from sqlalchemy import event, select

from query_log import recorded_statements
from models import Deadline, Notification

_keys = count()


@pytest.fixture
def notice(db, clock):
    """An in-app notification as the outbox holds it once delivered."""
    def make_notice(user, subject="[Nhắc hạn] Hoàn thành khắc phục", entity=("violation", 1),
                    channel="in_app", minutes_ago=0, **kw):
        row = Notification(idempotency_key=f"test:{next(_keys)}", channel=channel,
                           recipient_user_id=user.id,
                           kind=kw.pop("kind", "deadline_reminder"), entity_type=entity[0],
                           entity_id=entity[1], subject=subject, body=kw.pop("body", ""),
                           status="sent", created_at=clock() - timedelta(minutes=minutes_ago),
                           **kw)
        db.session.add(row)
        db.session.flush()
        return row
    return make_notice


def deadline_of(holder, entity_type, entity_id, due=date(2026, 12, 10)):
    from models import db

    d = Deadline(entity_type=entity_type, entity_id=entity_id, policy_key="remediation",
                 title_vi="Hoàn thành khắc phục", title_en="Complete the remedial measures",
                 holder_org_id=holder.id, due_date=due, original_due_date=due)
    db.session.add(d)
    db.session.flush()
    return d


def badge(page: str) -> int:
    """The unread count in the navigation (0 when the badge is not shown)."""
    found = re.search(r'data-test="notifications".*?data-unread="(\d+)"', page, re.S)
    nav = page.split("<main>")[0]
    return int(found.group(1)) if found and found.start() < len(nav) else 0


def listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-notification="(\d+)"', page)]


@pytest.fixture
def investor(make):
    make.department()
    return make.user("investor", org=make.org("investor"))


def test_the_page_lists_only_the_users_own_in_app_notifications(web, make, notice, investor):
    other = make.user("investor", org=investor.organization)
    older = notice(investor, "[Nhắc hạn] Nộp kế hoạch khắc phục", minutes_ago=60)
    newer = notice(investor, "[Đến hạn hôm nay] Hoàn thành khắc phục", minutes_ago=5)
    notice(other, "[Quá hạn] Thư của người khác")
    notice(investor, "[Nhắc hạn] Bản e-mail", channel="email")
    page = web.login(investor).text("/notifications")
    assert listed(page) == [newer.id, older.id]  # newest first
    assert "Thư của người khác" not in page and "Bản e-mail" not in page
    assert badge(page) == 2


def test_reading_one_lowers_the_count_and_opens_its_entity(web, make, notice, investor):
    cluster = make.cluster(investor=investor.organization)
    violation = make.violation(cluster, make.user("inspector"))
    reminder = notice(investor, entity=("deadline",
                                        deadline_of(investor.organization, "violation",
                                                    violation.id).id))
    notified = notice(investor, "[Vi phạm] #1: Đã thông báo / [Violation] #1: Notified",
                      entity=("violation", violation.id), kind="violation_notified")
    report = notice(investor, entity=("deadline",
                                      deadline_of(investor.organization, "organization",
                                                  investor.organization_id).id))
    web.login(investor)
    assert badge(web.text("/clusters")) == 3

    response = web.post(f"/notifications/{reminder.id}/read")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/violations/{violation.id}"
    assert badge(web.text("/clusters")) == 2
    assert web.post(f"/notifications/{notified.id}/read").headers["Location"] == \
        f"/violations/{violation.id}"
    # An organization's own report deadline has no page: the deadline board shows it.
    assert web.post(f"/notifications/{report.id}/read").headers["Location"] == "/deadlines"
    page = web.text("/notifications")
    assert badge(page) == 0 and 'class="notice unread"' not in page
    assert web.post(f"/notifications/{reminder.id}/read").status_code == 303  # read again: fine


def test_mark_all_read(web, make, notice, investor, db):
    other = make.user("investor", org=investor.organization)
    for minutes in range(3):
        notice(investor, minutes_ago=minutes)
    theirs = notice(other)
    web.login(investor)
    page = web.text("/notifications")
    assert badge(page) == 3 and 'data-test="read-all"' in page
    response = web.post("/notifications/read-all")
    assert response.status_code == 303 and response.headers["Location"] == "/notifications"
    page = web.text("/notifications")
    assert badge(page) == 0 and "Đã đánh dấu 3 thông báo là đã đọc" in page
    assert 'data-test="read-all"' not in page
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_nobody_reads_or_marks_another_users_notification(web, make, notice, investor, db):
    mine = notice(make.user("investor", org=investor.organization))
    web.login(investor)
    assert web.post(f"/notifications/{mine.id}/read").status_code == 404
    assert web.post("/notifications/999999/read").status_code == 404
    assert web.get(f"/notifications/{mine.id}/read").status_code == 405  # never by a GET
    web.post("/notifications/read-all")
    db.session.expire_all()
    assert db.session.get(Notification, mine.id).read_at is None
    assert web.client.post("/logout").status_code in (302, 303)
    assert web.get("/notifications").status_code == 302  # the login page first


def test_unread_filter_and_pages(web, notice, investor):
    rows = [notice(investor, f"Thông báo số {i}", minutes_ago=100 - i) for i in range(35)]
    web.login(investor)
    first = web.text("/notifications")
    assert listed(first) == [r.id for r in reversed(rows)][:30]
    assert listed(web.text("/notifications?page=2")) == [r.id for r in reversed(rows)][30:]
    assert "Trang 1 / 2" in first and "35 kết quả" in first
    web.post(f"/notifications/{rows[-1].id}/read")
    unread = web.text("/notifications?show=unread")
    assert rows[-1].id not in listed(unread) and "34 kết quả" in unread


def test_dates_in_hanoi_and_the_page_in_the_chosen_language(web, notice, investor, clock):
    clock.set(datetime(2026, 11, 28, 20, 30, tzinfo=timezone.utc))  # 03:30 on 29/11 in Hanoi
    notice(investor, "[Nhắc hạn] Hoàn thành")
    web.login(investor)
    page = web.text("/notifications")
    assert "<h1>Thông báo</h1>" in page and "29/11/2026 03:30" in page
    assert "[Nhắc hạn] Hoàn thành" in page
    web.post("/language/en")
    page = web.text("/notifications")
    assert "<h1>Notifications</h1>" in page and "Mark all as read" in page
    assert "29/11/2026 03:30" in page


def test_each_reader_is_told_in_the_language_they_chose(web, make, db, clock):
    """The switch is kept on the user's row, and a workflow's notice is written in each
    recipient's language: English mode is not only the page's chrome."""
    from workflows.engine.fire import fire

    org = make.org("investor")
    vi_reader, en_reader = make.user("investor", org=org), make.user("investor", org=org)
    web.login(en_reader)
    web.post("/language/en")
    assert db.session.get(type(en_reader), en_reader.id).locale == "en"
    inspector = make.user("inspector")
    cluster = make.cluster(investor=org, name="CCN Phùng Xá")
    violation = make.violation(cluster, inspector, title="COD vượt quy chuẩn")
    fire(db.session, violation, "notify", inspector, data={"record_no": "12/BB"}, now=clock(),
         comment="Đề nghị khắc phục ngay")
    told = {row.recipient_user_id: row for row in db.session.execute(
        select(Notification.recipient_user_id, Notification.subject, Notification.body)
        .where(Notification.channel == "in_app"))}
    # Named as its pages name it, by its cluster; the comment as it was written.
    assert told[vi_reader.id].subject == \
        f"[Vi phạm] #{violation.id} · CCN Phùng Xá: Đã lập biên bản"
    assert told[vi_reader.id].body == (
        f"Đề nghị khắc phục ngay\n\nVụ vi phạm #{violation.id}: COD vượt quy chuẩn\n"
        f"Cụm công nghiệp: {cluster.code} — CCN Phùng Xá\nTrạng thái mới: Đã lập biên bản")
    assert told[en_reader.id].subject == f"[Violation] #{violation.id} · CCN Phùng Xá: Record issued"
    assert told[en_reader.id].body == (
        f"Đề nghị khắc phục ngay\n\nViolation #{violation.id}: COD vượt quy chuẩn\n"
        f"Cluster: {cluster.code} — CCN Phùng Xá\nNew state: Record issued")
    page = web.text("/notifications")
    assert told[en_reader.id].subject in page and "Vi phạm" not in page


def notifications_statements(seen) -> list[str]:
    return [s for s in seen if "notifications" in s]


def test_the_page_does_not_query_per_row(web, make, notice, investor, db):
    cluster = make.cluster(investor=investor.organization)
    violation = make.violation(cluster, make.user("inspector"))

    def add(n):
        for _ in range(n):
            d = deadline_of(investor.organization, "violation", violation.id)
            notice(investor, entity=("deadline", d.id))
            notice(investor, entity=("violation", violation.id), kind="violation_notified")
            notice(investor, entity=("deadline", deadline_of(
                investor.organization, "organization", investor.organization_id).id))
        db.session.commit()

    def queries(url):
        with recorded_statements(db.engine) as seen:
            assert web.get(url).status_code == 200
        return seen

    add(1)
    web.login(investor)
    few = queries("/notifications")
    add(9)
    many = queries("/notifications")
    assert len(few) == len(many)
    # The count, the unread count and the rows; the badge reuses the unread count.
    assert len(notifications_statements(many)) == 3


def test_the_badge_is_one_indexed_count(web, notice, investor, db):
    notice(investor)
    web.login(investor)
    with with_parameters(db.engine) as seen:
        page = web.text("/clusters")
    assert badge(page) == 1
    counts = [(s, p) for s, p in seen if "notifications" in s]
    assert len(counts) == 1 and "count(" in counts[0][0].lower()
    plan = explain(db, *counts[0])
    assert "ix_notifications_recipient_unread" in plan, plan


def test_the_badge_counts_what_the_inbox_counts(web, make, notice, investor, db, clock):
    """The badge runs its own prebuilt COUNT (views/web/notifications.py): the same rows as
    workflows.operations.notifications.unread_count, whatever the channel, status, reader or recipient."""
    from workflows.operations.notifications import unread_count

    notice(investor)
    notice(investor).status = "pending"
    notice(investor).status = "failed"
    notice(investor, channel="email")
    notice(investor, read_at=clock())
    notice(make.user("investor", org=investor.organization))
    web.login(investor)
    assert badge(web.text("/clusters")) == unread_count(db.session, investor) == 2


def test_the_badge_stops_counting_at_99_plus(web, notice, investor, db, api):
    """A reader with many unread notices sees "99+" on every page, and the page counts no
    further than that; the inbox and the API still give the exact number."""
    from workflows.operations.notifications import BADGE_CAP, unread_count

    for _ in range(BADGE_CAP + 5):
        notice(investor)
    web.login(investor)
    page = web.text("/clusters")
    assert badge(page) == BADGE_CAP
    assert ">99+</span>" in page and "Hơn 99 thông báo chưa đọc" in page
    assert unread_count(db.session, investor) == BADGE_CAP + 5
    assert api.as_(investor).get("/api/v1/notifications").get_json()["unread_count"] == (
        BADGE_CAP + 5)


@contextmanager
def with_parameters(engine):
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain(db, statement: str, parameters) -> str:
    """The database's plan for the badge's COUNT. On PostgreSQL sequential scans are
    switched off for the question: on a tiny test table it shows whether an index CAN serve
    it, not what the planner prefers for three rows."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        else:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        conn.rollback()
    return "\n".join(str(r[-1]) for r in rows)
