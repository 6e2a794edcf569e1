"""Pages are rendered per request (render_template, Flask-WTF's csrf_token, Flask-Babel's _):
each shows the data as it is now, the logged-in user as the database has it now, and
nothing of another user's or another request's."""
import re
from datetime import timedelta

import pytest
from flask_wtf.csrf import validate_csrf
from sqlalchemy import update
from wtforms.validators import ValidationError

from query_log import recorded_statements
from models import AuditEntry, Deadline, Organization, PlanTarget, User
from workflows.engine.fire import fire


def stat(page: str, name: str) -> int:
    return int(re.search(rf'data-stat="{name}">\s*<span class="n">(\d+)<', page).group(1))


def bucket(page: str, name: str) -> str:
    return page.split(f'data-bucket="{name}"')[1].split("</section>")[0]


def nav(page: str) -> list[str]:
    found = re.search(r'<nav class="mainnav".*?</nav>', page, re.S)
    return re.findall(r'href="([^"]+)" class="(on)?"', found.group(0)) if found else []


def tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', page))


@pytest.fixture
def fresh(app, web):
    """A request in an app context of its own, as under a real server: the tests' `db`
    fixture otherwise shares its session (and the user it loaded) with the requests."""
    def get(url):
        with app.app_context():
            return web.get(url)
    return get


def elsewhere(db, model, row_id, **values):
    """A write by another process: its own connection and transaction."""
    with db.engine.begin() as conn:
        conn.execute(update(model.__table__).where(model.__table__.c.id == row_id)
                     .values(**values))


# The data as it is now.

def test_a_transition_changes_the_dashboard_on_the_next_request(web, make, db):
    violation = make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    assert stat(web.text("/dashboard"), "open_violations") == 1
    response = web.post(f"/violations/{violation.id}/actions/dismiss",
                        {"version": violation.version, "comment": "không vi phạm"})
    assert response.status_code == 303
    assert stat(web.text("/dashboard"), "open_violations") == 0


def test_a_write_committed_elsewhere_changes_the_board(web, make, db, clock):
    """The scheduler, or another worker, commits in its own session: the next request
    sees it (here the test's own session plays that part)."""
    manager = make.user("manager")
    violation = make.violation(make.cluster(), make.user("inspector"))
    web.login(manager)
    assert f"/violations/{violation.id}" in bucket(web.text("/deadlines"), "week")
    fire(db.session, violation, "dismiss", manager, now=clock(), data={"comment": "nhầm"})
    db.session.commit()
    assert f"/violations/{violation.id}" not in web.text("/deadlines")


def test_a_bulk_update_changes_the_overdue_count(web, make, db, clock):
    make.violation(make.cluster(), make.user("inspector"))
    clock.set(clock.now + timedelta(days=10))  # the violation record is now overdue
    web.login(make.user("manager"))
    assert stat(web.text("/dashboard"), "overdue_deadlines") == 1
    db.session.execute(update(Deadline).where(Deadline.closed_at.is_(None))
                       .values(closed_at=clock(), outcome="met"))
    db.session.commit()
    assert stat(web.text("/dashboard"), "overdue_deadlines") == 0


def test_a_new_day_moves_the_board(web, make, db, clock):
    violation = make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    assert f"/violations/{violation.id}" in bucket(web.text("/deadlines"), "week")
    clock.set(clock.now + timedelta(days=10))
    assert f"/violations/{violation.id}" in bucket(web.text("/deadlines"), "overdue")


def test_each_viewer_sees_its_own_board_and_list(web, make, db):
    org = make.org("investor")
    inspector = make.user("inspector")
    mine = make.violation(make.cluster(investor=org), inspector)
    theirs = make.violation(make.cluster(), inspector)
    investor = make.user("investor", org=org)
    web.login(make.user("manager"))
    board = web.text("/deadlines")
    assert f"/violations/{mine.id}" in board and f"/violations/{theirs.id}" in board
    board = web.login(investor).text("/deadlines")
    assert f"/violations/{mine.id}" in board and f"/violations/{theirs.id}" not in board
    clusters = web.text("/clusters")
    assert f'data-cluster="{mine.cluster_id}"' in clusters
    assert f'data-cluster="{theirs.cluster_id}"' not in clusters


def test_each_language_its_own_page(web, make, db):
    make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    assert "Bảng theo dõi thời hạn" in web.text("/deadlines")
    web.post("/language/en")
    page = web.text("/deadlines")
    assert "Bảng theo dõi thời hạn" not in page and 'lang="en"' in page


def test_the_dashboard_counts_agree_with_the_api_lists(web, api, make, db):
    """The dashboard counts in SQL, the API lists the clusters: the same numbers."""
    from datetime import date

    for indicator, low, high in (("operational", 1, 3), ("plant_meets_standard", 50, 100),
                                 ("established_or_expanded", 1, 5)):
        db.session.add(PlanTarget(year=2026, indicator=indicator, min_value=low,
                                  max_value=high, label_vi=indicator, label_en=indicator))
    make.cluster(stage="operational", operational_on=date(2026, 5, 1),
                 establishment_date=date(2026, 1, 5))
    certified = make.cluster(stage="plant_certified", operational_on=date(2020, 5, 1),
                             plant_certified_on=date(2021, 1, 1))
    make.plant(certified, meets_standard=True)
    make.cluster(stage="established", establishment_date=date(2025, 3, 1))
    manager = make.user("manager")
    targets = api.as_(manager).get("/api/v1/plan-progress?year=2026").get_json()["targets"]
    web.login(manager)
    page = web.text("/dashboard?year=2026")
    for t in targets:
        row = page.split(f'data-indicator="{t["indicator"]}"')[1].split("</tr>")[0]
        assert f'{len(t["clusters"])} đạt, {len(t["outstanding"])} chưa' in row
        if t["unit"] == "percent":
            assert f'({len(t["clusters"])}/{t["in_scope"]})' in row


# The logged-in user as the database has it now.

def test_a_deactivated_user_is_refused_on_the_next_request(web, make, db, fresh):
    manager = make.user("manager")
    web.login(manager)
    assert fresh("/clusters").status_code == 200
    elsewhere(db, User, manager.id, active=False)
    response = fresh("/clusters")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_role_change_takes_effect_on_the_next_request(web, make, db, fresh):
    manager = make.user("manager")
    web.login(manager)
    assert fresh("/dashboard").status_code == 200
    elsewhere(db, User, manager.id, role="investor")
    assert fresh("/dashboard").status_code == 403
    elsewhere(db, User, manager.id, role="manager")
    assert fresh("/dashboard").status_code == 200


def test_a_renamed_organization_and_user_show_on_the_next_page(web, make, db, fresh):
    manager = make.user("manager", full_name="Nguyễn Văn A")
    web.login(manager)
    assert "Nguyễn Văn A" in fresh("/clusters").get_data(as_text=True)
    elsewhere(db, User, manager.id, full_name="Trần Thị B")
    elsewhere(db, Organization, manager.organization_id, name_vi="Sở Công Thương Hà Nội")
    page = fresh("/clusters").get_data(as_text=True)
    assert "Trần Thị B" in page and 'title="Sở Công Thương Hà Nội"' in page


def test_a_removed_user_is_logged_out(web, make, db, fresh):
    manager = make.user("manager")
    web.login(manager)
    db.session.remove()
    with db.engine.begin() as conn:
        # Its login left audit rows naming it; a real removal is a deactivation.
        conn.execute(AuditEntry.__table__.delete().where(
            AuditEntry.__table__.c.actor_id == manager.id))
        conn.execute(User.__table__.delete().where(User.__table__.c.id == manager.id))
    assert fresh("/clusters").status_code == 302


def test_the_user_and_its_organization_are_one_statement(app, make, db):
    manager = make.user("manager")
    db.session.commit()
    user_id, org_name = manager.id, manager.organization.name_vi
    db.session.remove()
    with recorded_statements(db.engine) as seen:
        user = app.login_manager._user_callback(f"{user_id}:0")  # id and session version
        assert user.organization.name_vi == org_name and user.is_authenticated
    assert len(seen) == 1 and "FROM users" in seen[0] and "organizations" in seen[0]
    assert app.login_manager._user_callback("987654") is None


# base.html around every page.

def test_the_navigation_follows_role_section_and_language(web, make):
    web.login(make.user("manager"))
    links = nav(web.text("/clusters"))
    assert {("/dashboard", ""), ("/clusters", "on"), ("/inspections", ""), ("/violations", ""),
            ("/deadlines", "")} <= set(links)
    assert [href for href, on in links if on] == ["/clusters"]
    assert ("/deadlines", "on") in nav(web.text("/deadlines"))
    web.post("/logout")
    web.login(make.user("investor", org=make.org("investor")))
    page = web.text("/clusters")
    links = nav(page)
    assert {("/clusters", "on"), ("/violations", ""), ("/deadlines", "")} <= set(links)
    assert not {"/dashboard", "/inspections"} & {href for href, _ in links}
    assert "Cụm công nghiệp</a>" in page
    web.post("/language/en")
    assert "Industrial clusters</a>" in web.text("/clusters")


def test_links_follow_the_prefix_the_app_is_served_under(web, make):
    web.login(make.user("manager"))
    prefixed = web.get("/clusters", base_url="http://localhost/ccn/").get_data(as_text=True)
    assert 'href="/ccn/static/css/app.css' in prefixed and 'href="/ccn/clusters"' in prefixed
    plain = web.text("/clusters")
    assert 'href="/static/css/app.css' in plain and "/ccn/" not in plain


def test_the_language_switch_comes_back_to_this_very_path(web, make):
    make.cluster()
    web.login(make.user("manager"))
    first = web.text("/clusters?kind=regular&stage=planned")
    second = web.text("/clusters?stage=planned&kind=regular")
    assert 'name="next" value="/clusters?kind=regular&amp;stage=planned"' in first
    assert 'name="next" value="/clusters?stage=planned&amp;kind=regular"' in second


def test_a_flash_message_shows_once(web, make):
    web.login(make.user("manager"))
    with web.client.session_transaction() as session:
        session["_flashes"] = [("success", "Đã lưu")]
    assert "Đã lưu" in web.text("/clusters")
    assert "Đã lưu" not in web.text("/clusters")


def test_each_session_its_own_valid_csrf_token_and_its_own_page(app, make, db):
    first_user = make.user("manager", full_name="Nguyễn Văn A")
    second_user = make.user("manager", full_name="Trần Thị B")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    for client, user in ((first, first_user), (second, second_user)):
        with app.app_context():
            client.post("/login", data={"username": user.username, "password": "secret-pass"})

    def page(client, url="/clusters"):
        with app.app_context():  # each request its own context (and g), as under a server
            return client.get(url).get_data(as_text=True)

    mine, theirs = page(first), page(second)
    assert "Nguyễn Văn A" in mine and "Trần Thị B" not in mine
    assert "Trần Thị B" in theirs and "Nguyễn Văn A" not in theirs
    assert len(tokens(mine)) == 1 and len(tokens(theirs)) == 1
    assert tokens(mine).isdisjoint(tokens(theirs))
    with first.session_transaction() as session:
        raw = session["csrf_token"]
    with app.test_request_context("/"):
        from flask import session

        session["csrf_token"] = raw
        validate_csrf(next(iter(tokens(mine))))  # raises if the session would refuse it
        with pytest.raises(ValidationError):
            validate_csrf(next(iter(tokens(theirs))))
