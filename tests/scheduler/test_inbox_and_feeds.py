"""In-app notifications with their unread count, and the iCalendar feeds behind a secret
URL (per user and per organization)."""
from datetime import date, datetime

import pytest
from icalendar import Calendar

from sched_support import hanoi
from workflows.operations.ical import Event, calendar


def events_of(text: str) -> list:
    """The feed parsed back by the icalendar library, as a subscribing client reads it."""
    return Calendar.from_ical(text).walk("VEVENT")


@pytest.fixture
def reminded_investor(make, open_deadline, tick):
    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor)
    other = make.user("investor", org=make.org("investor"))
    open_deadline(investor, date(2026, 12, 10))
    open_deadline(investor, date(2026, 12, 17))
    tick(hanoi(date(2026, 12, 10)))  # rung 0 of the first, rung -7 of the second
    return user, other


def test_notifications_list_unread_count_and_read(api, reminded_investor):
    user, other = reminded_investor
    body = api.as_(user).get("/api/v1/notifications").get_json()
    assert body["total"] == 2 and body["unread_count"] == 2
    assert {n["kind"] for n in body["items"]} == {"deadline_reminder"}
    first = body["items"][0]["id"]

    read = api.post(f"/api/v1/notifications/{first}/read")
    assert read.status_code == 200 and read.get_json()["read"] is True
    body = api.get("/api/v1/notifications").get_json()
    assert body["unread_count"] == 1
    assert api.get("/api/v1/notifications?unread=true").get_json()["total"] == 1
    assert api.get("/api/v1/notifications?unread=maybe").status_code == 422

    api.as_(other)  # someone else's notification does not exist for them
    assert api.post(f"/api/v1/notifications/{first}/read").status_code == 404
    assert api.get("/api/v1/notifications").get_json()["unread_count"] == 0

    api.as_(user)
    assert api.post("/api/v1/notifications/read-all").get_json() == {"marked": 1}
    assert api.get("/api/v1/notifications").get_json()["unread_count"] == 0


def test_email_rows_are_not_in_app_notifications(api, make, open_deadline, tick):
    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor, email="cdt@example.vn")
    open_deadline(investor, date(2026, 12, 10))
    tick(hanoi(date(2026, 12, 10)))  # no SMTP server: the e-mail stays pending
    body = api.as_(user).get("/api/v1/notifications").get_json()
    assert body["total"] == 1 and body["items"][0]["subject"].startswith("[Đến hạn hôm nay]")


def test_the_notifications_page_shows_a_reminder_in_the_readers_language(web, make,
                                                                          open_deadline, tick):
    make.department()
    investor = make.org("investor")
    reads_english = make.user("investor", org=investor, locale="en")
    reads_vietnamese = make.user("investor", org=investor)
    open_deadline(investor, date(2026, 12, 10))
    tick(hanoi(date(2026, 12, 10)))
    page = web.login(reads_english).text("/notifications")
    assert "[Due today] Complete the remedial measures (due 10/12/2026)" in page
    assert "Today is the last day of this deadline." in page
    web.post("/logout")
    page = web.login(reads_vietnamese).text("/notifications")
    assert "[Đến hạn hôm nay] Hoàn thành khắc phục (hạn 10/12/2026)" in page


def issue(api, scope):
    response = api.post("/api/v1/calendar-feeds", json={"scope": scope})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["url"].replace("http://localhost", "")


def test_user_feed_is_valid_icalendar(api, make, open_deadline, client, db):
    make.department()
    investor = make.org("investor", name_vi="Công ty CP Hạ tầng, Phùng Xá; Thạch Thất")
    user = make.user("investor", org=investor)
    due = open_deadline(investor, date(2026, 12, 10),
                        title="Hoàn thành khắc phục; xử lý nước thải, vượt QCVN 40:2011")
    open_deadline(make.org("investor"), date(2026, 12, 11))  # another investor's: hidden
    closed = open_deadline(investor, date(2026, 12, 12))
    closed.closed_at = hanoi(date(2026, 12, 1))

    url = issue(api.as_(user), "user")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [event] = events_of(text)
    assert str(event["UID"]) == f"deadline-{due.id}@ccn-hanoi"
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (date(2026, 12, 10),
                                                                   date(2026, 12, 11))
    assert str(event["SUMMARY"]) == ("Hoàn thành khắc phục; xử lý nước thải, vượt QCVN "
                                     "40:2011 - Công ty CP Hạ tầng, Phùng Xá; Thạch Thất")
    assert event.decoded("SEQUENCE") == 0


def test_a_feeds_description_is_in_its_owners_language(api, make, open_deadline, client):
    make.department()
    investor = make.org("investor", name_vi="Công ty Hạ tầng", name_en="Infrastructure Co")
    open_deadline(investor, date(2026, 12, 10))
    for locale, lines in (("vi", ["Đơn vị thực hiện: Công ty Hạ tầng", "Hạn chót: 10/12/2026"]),
                          ("en", ["Held by: Infrastructure Co", "Due: 10/12/2026"])):
        user = make.user("investor", org=investor, locale=locale)
        [event] = events_of(client.get(issue(api.as_(user), "user")).get_data(as_text=True))
        assert str(event["DESCRIPTION"]).split("\n")[:2] == lines


def test_feed_secrets(api, make, client, db):
    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor)
    first = issue(api.as_(user), "user")
    assert client.get(first).status_code == 200
    second = issue(api, "user")  # issuing again revokes the old URL
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    assert client.get("/calendar/not-a-secret.ics").status_code == 404
    from models import CalendarFeed

    stored = CalendarFeed.query.one()
    assert second.split("/")[-1].removesuffix(".ics") not in (stored.secret_hash or "")
    user.active = False
    db.session.commit()
    assert client.get(second).status_code == 404


def test_organization_feed_holds_the_organizations_deadlines(api, make, open_deadline, client):
    department = make.department()
    investor = make.org("investor")
    mine = open_deadline(investor, date(2026, 12, 10))
    open_deadline(department, date(2026, 12, 11))
    assert api.as_(make.user("inspector")).post(
        "/api/v1/calendar-feeds", json={"scope": "organization"}).status_code == 403
    assert api.post("/api/v1/calendar-feeds", json={"scope": "team"}).status_code == 422
    url = issue(api.as_(make.user("investor", org=investor)), "organization")
    [event] = events_of(client.get(url).get_data(as_text=True))
    assert str(event["UID"]).startswith(f"deadline-{mine.id}@")


def feeds_listed(api) -> dict:
    response = api.get("/api/v1/calendar-feeds")
    assert response.status_code == 200, response.get_json()
    items = response.get_json()["items"]
    assert [f["scope"] for f in items] == ["user", "organization"]
    return {f.pop("scope"): f for f in items}


def revoke(api, scope):
    return api.client.delete(f"/api/v1/calendar-feeds/{scope}", headers=api._headers())


def test_api_lists_the_callers_feeds_never_their_secret(api, make, clock):
    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor)
    unissued = {"active": False, "issued_at": None, "can_issue": True}
    assert feeds_listed(api.as_(user)) == {"user": unissued, "organization": unissued}

    url = issue(api, "user")
    clock.set(datetime(2026, 12, 1, 8, 0))  # the date listed is the issue's, not today's
    response = api.get("/api/v1/calendar-feeds")
    secret = url.split("/")[-1].removesuffix(".ics")
    from models import CalendarFeed

    for hidden in (secret, CalendarFeed.query.one().secret_hash, "url", "secret", "hash"):
        assert hidden not in response.get_data(as_text=True)
    assert feeds_listed(api) == {
        "user": {"active": True, "issued_at": "2026-11-28T03:00:00+00:00", "can_issue": True},
        "organization": unissued}

    issue(api, "organization")
    colleague = feeds_listed(api.as_(make.user("investor", org=investor)))
    assert colleague["user"]["active"] is False  # another user's own feed is theirs only
    assert colleague["organization"]["active"] is True
    assert feeds_listed(api.as_(make.user("inspector")))["organization"] == \
        {"active": False, "issued_at": None, "can_issue": False}
    assert api.client.get("/api/v1/calendar-feeds").status_code == 401


def test_api_revokes_a_feed(api, make, client):
    make.department()
    user = make.user("investor", org=make.org("investor"))
    url = issue(api.as_(user), "user")
    assert revoke(api, "team").status_code == 404  # names no feed; the live one stays
    assert client.get(url).status_code == 200

    response = revoke(api, "user")
    assert response.status_code == 204 and response.get_data() == b""
    assert client.get(url).status_code == 404
    assert feeds_listed(api)["user"]["active"] is False
    again = revoke(api, "user")
    assert again.status_code == 404 and again.get_json()["error"] == "not_found"
    from models import AuditEntry

    audit = AuditEntry.query.filter_by(entity_type="calendar_feed").order_by(AuditEntry.id)
    assert [(a.trigger, a.actor_id, a.data["scope"], a.data["user_id"]) for a in audit] == \
        [("issue", user.id, "user", user.id), ("revoke", user.id, "user", user.id)]


def test_api_revokes_an_organization_feed_only_for_its_managers(api, make, client):
    make.department()
    investor = make.org("investor")
    url = issue(api.as_(make.user("investor", org=investor)), "organization")
    inspector = make.user("inspector")  # the department's: may not issue its organization's
    refused = revoke(api.as_(inspector), "organization")
    assert refused.status_code == 403
    assert refused.get_json() == api.post("/api/v1/calendar-feeds",
                                          json={"scope": "organization"}).get_json()
    # Another investor revokes their own organization's feed, which does not exist.
    assert revoke(api.as_(make.user("investor")), "organization").status_code == 404
    assert client.get(url).status_code == 200

    colleague = make.user("investor", org=investor)
    assert revoke(api.as_(colleague), "organization").status_code == 204
    assert client.get(url).status_code == 404
    from models import AuditEntry

    last = AuditEntry.query.filter_by(entity_type="calendar_feed") \
        .order_by(AuditEntry.id.desc()).first()
    assert (last.trigger, last.actor_id, last.data["organization_id"]) == \
        ("revoke", colleague.id, investor.id)


def test_texts_moves_and_stamp_read_back_as_written():
    summary = "Kiểm tra định kỳ; cụm công nghiệp, Thạch Thất \\ " * 5
    text = calendar("Lịch; CCN, Hà Nội",
                    [Event("x@y", date(2026, 2, 16), summary, "dòng 1\ndòng 2", 2, ("a,b",))],
                    hanoi(date(2026, 1, 5)))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    feed = Calendar.from_ical(text)
    assert str(feed["X-WR-CALNAME"]) == "Lịch\\; CCN\\, Hà Nội"  # escaped as TEXT
    [event] = feed.walk("VEVENT")
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == (summary, "dòng 1\ndòng 2")
    assert event.decoded("SEQUENCE") == 2 and event.decoded("DTSTAMP") == hanoi(date(2026, 1, 5))
    assert list(event["CATEGORIES"].cats) == ["a,b"]


def test_a_reminder_names_the_cluster_and_the_case_it_concerns(api, make, open_deadline,
                                                                tick):
    """"Vụ vi phạm: #13" alone tells an investor with several clusters, or a cluster with
    several violations, nothing."""
    make.department()
    investor = make.org("investor")
    user = make.user("investor", org=investor)
    cluster = make.cluster(investor=investor, name="CCN Bát Tràng")
    violation = make.violation(cluster, make.user("inspector"), title="COD vượt quy chuẩn")
    open_deadline(investor, date(2026, 12, 10), entity_id=violation.id)
    open_deadline(investor, date(2026, 12, 10), entity_type="cluster", entity_id=cluster.id)
    tick(hanoi(date(2026, 12, 10)))
    bodies = sorted(n["body"] for n in api.as_(user).get("/api/v1/notifications")
                    .get_json()["items"])
    named = f"Cụm công nghiệp: {cluster.code} — CCN Bát Tràng"
    assert all(named in body for body in bodies), bodies
    assert sum(body.endswith(f"Vụ vi phạm: #{violation.id} — COD vượt quy chuẩn")
               for body in bodies) == 1
