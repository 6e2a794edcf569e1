"""The page cache (views.web.page_cache) never serves numbers older than the data: every
commit that wrote changes the data generation, and the next request computes afresh. Each
test first checks that the page really came from the cache (no query on its tables), so
that it fails if the cache is bypassed as well as if a write leaves it stale."""
import re
from datetime import timedelta

from sqlalchemy import update

from query_log import recorded_statements as statements
from models import Deadline, PlanTarget
from models.generation import current_token
from workflows.engine.fire import fire

CACHED_PAGES = ["/dashboard", "/deadlines", "/clusters"]
PER_REQUEST = ("users", "data_generation", "notifications")


def from_cache(web, db, url) -> str:
    """The page, asserting it was served from the cache: only the user, the data
    generation and the navigation's unread count (rendered per request) were read."""
    with statements(db.engine) as seen:
        page = web.text(url)
    assert seen and all(any(f"FROM {table}" in s for table in PER_REQUEST)
                        for s in seen), seen
    return page


def stat(page: str, name: str) -> int:
    return int(re.search(rf'data-stat="{name}">\s*<span class="n">(\d+)<', page).group(1))


def bucket(page: str, name: str) -> str:
    return page.split(f'data-bucket="{name}"')[1].split("</section>")[0]


def test_each_cached_page_is_computed_once_until_a_write(web, make, db):
    inspector = make.user("inspector")
    make.violation(make.cluster(), inspector)
    web.login(make.user("manager"))
    for url in CACHED_PAGES:
        first = web.text(url)
        assert from_cache(web, db, url) == first


def test_a_transition_changes_the_dashboard_on_the_next_request(web, make, db):
    violation = make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    web.text("/dashboard")
    assert stat(from_cache(web, db, "/dashboard"), "open_violations") == 1
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
    web.text("/deadlines")
    assert f"/violations/{violation.id}" in bucket(from_cache(web, db, "/deadlines"), "week")
    fire(db.session, violation, "dismiss", manager, now=clock(), data={"comment": "nhầm"})
    db.session.commit()
    assert f"/violations/{violation.id}" not in web.text("/deadlines")


def test_a_bulk_update_changes_the_overdue_count(web, make, db, clock):
    """Statements that bypass the flush (the scheduler closes deadlines in bulk) count too."""
    make.violation(make.cluster(), make.user("inspector"))
    clock.set(clock.now + timedelta(days=10))  # the violation record is now overdue
    web.login(make.user("manager"))
    web.text("/dashboard")
    assert stat(from_cache(web, db, "/dashboard"), "overdue_deadlines") == 1
    db.session.execute(update(Deadline).where(Deadline.closed_at.is_(None))
                       .values(closed_at=clock(), outcome="met"))
    db.session.commit()
    assert stat(web.text("/dashboard"), "overdue_deadlines") == 0


def test_a_plan_target_edit_changes_the_dashboard(web, make, db):
    db.session.add(PlanTarget(year=2026, indicator="operational", min_value=1, max_value=4,
                              label_vi="Số cụm đi vào hoạt động", label_en="Operational"))
    web.login(make.user("manager"))
    web.text("/dashboard?year=2026")
    assert "Số cụm đi vào hoạt động" in from_cache(web, db, "/dashboard?year=2026")
    db.session.query(PlanTarget).update({"label_vi": "Cụm vận hành"})
    db.session.commit()
    assert "Cụm vận hành" in web.text("/dashboard?year=2026")


def test_a_change_left_for_the_commit_to_flush_counts(web, make, db):
    web.login(make.user("manager"))
    web.text("/dashboard?year=2026")
    assert "Số cụm đi vào hoạt động" not in from_cache(web, db, "/dashboard?year=2026")
    db.session.add(PlanTarget(year=2026, indicator="operational", min_value=1, max_value=4,
                              label_vi="Số cụm đi vào hoạt động", label_en="Operational"))
    db.session.commit()  # no flush before it: the commit's own flush writes the row
    assert "Số cụm đi vào hoạt động" in web.text("/dashboard?year=2026")


def test_a_new_day_moves_the_board_without_a_write(web, make, db, clock):
    violation = make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    assert f"/violations/{violation.id}" in bucket(web.text("/deadlines"), "week")
    clock.set(clock.now + timedelta(days=10))
    assert f"/violations/{violation.id}" in bucket(web.text("/deadlines"), "overdue")


def test_each_viewer_sees_its_own_board(web, make, db):
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


def test_each_language_has_its_own_copy(web, make, db):
    make.violation(make.cluster(), make.user("inspector"))
    web.login(make.user("manager"))
    assert "Bảng theo dõi thời hạn" in web.text("/deadlines")
    web.post("/language/en")
    page = web.text("/deadlines")
    assert "Bảng theo dõi thời hạn" not in page and 'lang="en"' in page


def test_writes_no_page_shows_keep_the_cache(make, db):
    """A login (the users table) is not a reason to recompute the city's dashboard."""
    manager = make.user("manager")
    make.cluster()
    db.session.commit()
    before = current_token(db.session)
    manager.failed_logins = 3
    db.session.commit()
    assert current_token(db.session) == before
    make.cluster()
    db.session.commit()
    assert current_token(db.session) != before


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


def test_a_cached_body_goes_out_as_render_template_would_have_written_it(app, web, make):
    """page_cache.page splices the cached body in as bytes encoded once; the page must be
    the one render_template would have made, whatever the body's characters."""
    from flask import render_template
    from flask_login import login_user
    from markupsafe import Markup

    from views.web.page_cache import page

    user = make.user("manager")
    body = "<p>Cụm công nghiệp Phú Nghĩa — 12 % & <b>đạt</b></p>"
    with app.test_request_context("/clusters"):
        login_user(user)
        response = page("clusters/list.html", body.encode())
        expected = render_template("clusters/list.html", body=Markup(body))
    assert response.get_data(as_text=True) == expected
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(response.headers["Content-Length"]) == len(expected.encode())


def test_the_kept_page_fills_in_each_requests_own_token_path_and_user(app, web, make, db):
    """page_cache.page keeps the whole page per language, section, user row and unread
    count; the CSRF token and the path to come back to are each request's own, a flash
    message is never kept, and another user never sees the first one's name."""
    make.cluster()
    web.login(make.user("manager", full_name="Nguyễn Văn A"))
    first = web.text("/clusters?kind=regular&stage=planned")
    second = web.text("/clusters?stage=planned&kind=regular")  # same body, another path
    assert 'name="next" value="/clusters?kind=regular&amp;stage=planned"' in first
    assert 'name="next" value="/clusters?stage=planned&amp;kind=regular"' in second
    with web.client.session_transaction() as session:
        session["_flashes"] = [("success", "Đã lưu")]
    assert "Đã lưu" in web.text("/clusters?stage=planned&kind=regular")
    assert "Đã lưu" not in web.text("/clusters?stage=planned&kind=regular")
    web.post("/logout")
    other = app.test_client()
    user = make.user("manager", full_name="Trần Thị B")
    db.session.commit()
    with app.app_context():  # its own g, as under a server (the tests' `db` shares one)
        other.post("/login", data={"username": user.username, "password": "secret-pass"})
    with app.app_context():
        page = other.get("/clusters?kind=regular&stage=planned").get_data(as_text=True)
    assert "Trần Thị B" in page and "Nguyễn Văn A" not in page

    def tokens(html):
        return set(re.findall(r'name="csrf_token" value="([^"]+)"', html))

    assert len(tokens(page)) == 1 and tokens(page).isdisjoint(tokens(first))
