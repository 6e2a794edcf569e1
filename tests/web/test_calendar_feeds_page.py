"""My calendar feeds: the URL the page shows serves the user's (or the organization's)
deadlines as iCalendar to a client with no login; issuing again makes the old URL a 404,
revoking stops the feed; both are audited; only an organization's managers touch its feed."""
import re
from datetime import date

import pytest

from models import AuditEntry, CalendarFeed, Deadline


def deadline_of(holder, due, title="Hoàn thành khắc phục"):
    from models import db

    d = Deadline(entity_type="organization", entity_id=holder.id, policy_key="remediation",
                 title_vi=title, title_en="Complete the remedial measures",
                 holder_org_id=holder.id, due_date=due, original_due_date=due)
    db.session.add(d)
    db.session.flush()
    return d


def issued_url(response, scope="user") -> str:
    """The path of the URL the page shows once, after issuing."""
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    section = page.split(f'data-scope="{scope}"')[1].split("</section>")[0]
    assert 'data-test="feed-url"' in section
    url = re.search(r'value="(http://localhost/calendar/[^"]+\.ics)"', section).group(1)
    assert f'href="{url.replace("http://", "webcal://")}"' in section
    return url.removeprefix("http://localhost")


@pytest.fixture
def investor(make):
    make.department()
    return make.user("investor", org=make.org("investor"))


@pytest.fixture
def calendar_client(app):
    """A calendar application: no session, no login."""
    return app.test_client()


def test_the_shown_url_serves_the_users_deadlines(web, make, investor, calendar_client):
    mine = deadline_of(investor.organization, date(2026, 12, 10))
    theirs = deadline_of(make.org("investor"), date(2026, 12, 11))
    web.login(investor)
    page = web.text("/calendar-feeds")
    assert "Chưa cấp địa chỉ." in page and "feed-url" not in page
    url = issued_url(web.post("/calendar-feeds/user/issue"))
    feed = calendar_client.get(url)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    text = feed.get_data(as_text=True).replace("\r\n ", "")
    assert f"UID:deadline-{mine.id}@ccn-hanoi" in text
    assert f"UID:deadline-{theirs.id}@" not in text
    page = web.text("/calendar-feeds")  # the URL is not shown again, only that it is active
    assert url not in page and "Đang hoạt động, địa chỉ cấp ngày 28/11/2026." in page


def test_issuing_again_makes_the_old_url_404_and_revoking_stops_it(web, investor, db,
                                                                   calendar_client):
    deadline_of(investor.organization, date(2026, 12, 10))
    web.login(investor)
    old = issued_url(web.post("/calendar-feeds/user/issue"))
    new = issued_url(web.post("/calendar-feeds/user/issue"))
    assert calendar_client.get(old).status_code == 404
    assert calendar_client.get(new).status_code == 200
    response = web.post("/calendar-feeds/user/revoke")
    assert response.status_code == 303 and response.headers["Location"] == "/calendar-feeds"
    assert calendar_client.get(new).status_code == 404
    assert "Đã thu hồi địa chỉ lịch" in web.text("/calendar-feeds")
    assert CalendarFeed.query.count() == 0
    audit = AuditEntry.query.filter_by(entity_type="calendar_feed").order_by(AuditEntry.id)
    assert [(a.trigger, a.actor_id, a.data["user_id"]) for a in audit] == \
        [("issue", investor.id, investor.id)] * 2 + [("revoke", investor.id, investor.id)]
    assert all(new.split("/")[-1].removesuffix(".ics") not in str(a.data) for a in audit)


def test_the_organizations_feed(web, make, investor, calendar_client):
    held = deadline_of(investor.organization, date(2026, 12, 10))
    web.login(investor)
    url = issued_url(web.post("/calendar-feeds/organization/issue"), "organization")
    text = calendar_client.get(url).get_data(as_text=True).replace("\r\n ", "")
    assert f"UID:deadline-{held.id}@" in text
    # A colleague sees it is active; an inspector of the department may not issue its feed.
    web.login(make.user("investor", org=investor.organization))
    section = web.text("/calendar-feeds").split('data-scope="organization"')[1]
    assert "Đang hoạt động" in section.split("</section>")[0]
    inspector = make.user("inspector")
    web.login(inspector)
    section = web.text("/calendar-feeds").split('data-scope="organization"')[1]
    assert 'data-test="issue-organization"' not in section.split("</section>")[0]
    response = web.post("/calendar-feeds/organization/issue")
    assert response.status_code == 303
    assert CalendarFeed.query.filter_by(organization_id=inspector.organization_id).count() == 0
    assert web.post("/calendar-feeds/team/issue").status_code == 404


def test_pages_need_a_login_and_a_post(web, client, investor):
    assert client.get("/calendar-feeds").status_code == 302
    assert client.post("/calendar-feeds/user/issue").status_code == 302
    web.login(investor)
    assert web.get("/calendar-feeds/user/issue").status_code == 405
    assert CalendarFeed.query.count() == 0
