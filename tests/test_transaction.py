"""The request wrapper: one commit per request; a commit that loses a race is a 409 for the
API and a message on the page, and keeps nothing."""
from app import create_app
from models import Cluster, db as flask_db


def _racing_view():
    """Change a cluster whose row a concurrent writer changes between our read and our
    commit (the final flush then matches no row at the version we read)."""
    cluster = flask_db.session.scalar(flask_db.select(Cluster))
    with flask_db.engine.begin() as conn:  # the other worker, on its own connection
        conn.execute(Cluster.__table__.update().values(version=Cluster.version + 5,
                                                       name="the other worker's name"))
    cluster.name = "changed by this request"
    return "ok"


def test_commit_conflict_is_409_for_the_api_and_a_message_for_pages(app, make, db):
    racing = create_app({k: app.config[k] for k in (
        "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "TESTING", "WTF_CSRF_ENABLED")})
    racing.add_url_rule("/api/race", "api_race", _racing_view, methods=["POST"])
    racing.add_url_rule("/race", "race", _racing_view, methods=["POST"])
    cluster = make.cluster()
    db.session.commit()
    client = racing.test_client()
    r = client.post("/api/race")
    assert r.status_code == 409 and r.get_json()["error"] == "conflict"
    r = client.post("/race", headers={"Referer": "http://localhost/clusters"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/clusters")
    with racing.app_context():
        assert flask_db.session.get(Cluster, cluster.id).name == "the other worker's name"
        flask_db.engine.dispose()


def test_a_refused_page_action_keeps_nothing_it_wrote(app, make, db):
    """An operation that flushed and then refused (a WorkflowError): the page answers with a
    message and a redirect, and the request wrapper keeps none of it, though a redirect's
    status would otherwise commit."""
    from views.web import pages_blueprint
    from workflows.engine.errors import Conflict

    refusing = create_app({k: app.config[k] for k in (
        "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "TESTING", "WTF_CSRF_ENABLED")})
    probe = pages_blueprint("probe", __name__)

    @probe.post("/probe/<int:cluster_id>")
    def refuse(cluster_id):
        flask_db.session.get(Cluster, cluster_id).name = "written, then refused"
        flask_db.session.flush()
        raise Conflict("Không được / refused")

    refusing.register_blueprint(probe)
    cluster = make.cluster(name="as it was")
    manager = make.user("manager")
    db.session.commit()
    client = refusing.test_client()
    with refusing.app_context():
        client.post("/login", data={"username": manager.username, "password": "secret-pass"})
        r = client.post(f"/probe/{cluster.id}", headers={"Referer": "http://localhost/clusters"})
        assert r.status_code == 303 and r.headers["Location"].endswith("/clusters")
        with client.session_transaction() as session:
            assert any("Không được" in m for _, m in session["_flashes"])
    with refusing.app_context():
        assert flask_db.session.get(Cluster, cluster.id).name == "as it was"
        flask_db.engine.dispose()
