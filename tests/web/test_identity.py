"""The logged-in user is read afresh on every request (views/web/identity.py), from a
per-process template keyed by the user's whole row: a change made by another process (a
worker, the CLI) takes effect on the very next request, never served from the template.

Each request here gets an app context of its own, as under a real server: the tests' `db`
fixture otherwise shares one (its session and `g`) between the test and its requests, and
the user already loaded there would be answered without the statement under test."""
import pytest
from flask import g
from sqlalchemy import update

from query_log import recorded_statements
from models import Organization, User
from models.generation import stamp
from views.web import identity


@pytest.fixture
def fresh(app, web):
    def get(url):
        with app.app_context():
            return web.get(url)
    return get


def elsewhere(db, model, row_id, **values):
    """A write by another process: its own connection and transaction."""
    with db.engine.begin() as conn:
        conn.execute(update(model.__table__).where(model.__table__.c.id == row_id)
                     .values(**values))


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
        conn.execute(User.__table__.delete().where(User.__table__.c.id == manager.id))
    assert fresh("/clusters").status_code == 302


def test_the_user_is_one_statement_and_a_real_object_of_the_session(app, make, db):
    manager = make.user("manager")
    db.session.commit()
    user_id, org_name = manager.id, manager.organization.name_vi
    for _ in range(2):  # the second time from the template the first one left
        db.session.remove()
        with recorded_statements(db.engine) as seen:
            user = identity.load_user(db.session, user_id)
            assert user.organization.name_vi == org_name and user.is_authenticated
        assert len(seen) == 1 and "FROM users" in seen[0]
        # What the routes hand to operations: the session's own object, as a get gives it.
        assert user in db.session and db.session.get(User, user_id) is user
        assert not db.session.dirty
    assert identity.load_user(db.session, 987654) is None


def test_a_cached_page_is_one_statement_with_its_token_and_badge_read_with_the_user(
        web, make, db, fresh, clock):
    from models import Cluster, Notification

    manager = make.user("manager")
    cluster = make.cluster(name="Cụm Phú Nghĩa")
    web.login(manager)
    fresh("/clusters")  # fills the page cache
    with recorded_statements(db.engine) as seen:
        page = fresh("/clusters").get_data(as_text=True)
    assert len(seen) == 1 and all(table in seen[0]
                                  for table in ("users", "data_generation", "notifications"))
    assert "Cụm Phú Nghĩa" in page and 'data-unread="' not in page
    # Written by another process: the token read with the user changes, so does the count.
    with db.engine.begin() as conn:
        conn.execute(Cluster.__table__.update().where(Cluster.__table__.c.id == cluster.id)
                     .values(name="Cụm Phú Nghĩa mở rộng"))
    db.session.add(Notification(idempotency_key="t:1", channel="in_app", kind="reminder",
                                recipient_user_id=manager.id, subject="s", status="sent"))
    stamp(db.session)  # as the cluster's writer would have, had it used a Session
    db.session.commit()
    page = fresh("/clusters").get_data(as_text=True)
    assert "Cụm Phú Nghĩa mở rộng" in page and 'data-unread="1"' in page


def test_values_read_with_one_request_never_serve_the_next(web, make, db):
    """Requests that share an app context (as the tests' do) share g: the next request
    must read again rather than take the values the previous one left there."""
    from models import Notification

    manager = make.user("manager")
    web.login(manager)
    # So that the next request reads the user (and the values with it) itself.
    db.session.expunge_all()
    g.pop("_login_user", None)
    assert 'data-unread="' not in web.text("/clusters")
    db.session.add(Notification(idempotency_key="t:2", channel="in_app", kind="reminder",
                                recipient_user_id=manager.id, subject="s", status="sent"))
    db.session.commit()
    assert 'data-unread="1"' in web.text("/clusters")
