"""What a load balancer and an operator ask of a web process: /healthz, /readyz (503 with
the reason when the database is unreachable, the migrations are behind or the scheduler is
silent), /metrics behind its access rule, and log lines carrying the request's id."""
import io
import json
import logging
import re
from datetime import timedelta

import pytest
from flask_migrate import stamp, upgrade
from sqlalchemy import text

import logs
from app import create_app
from models import Deadline, SchedulerHeartbeat
from views.ops import code_heads

HEAD_ONLY = "0002"  # a revision behind any head (committed long ago)


@pytest.fixture
def at_head(app, db):
    """The test database built by create_all, stamped as Alembic would leave it."""
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS alembic_version "
                          "(version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("DELETE FROM alembic_version"))
        for head in code_heads():
            conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    yield
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))


def leader_beat(db, at):
    db.session.add(SchedulerHeartbeat(node_id="web-test:1:aa", hostname="h", pid=1,
                                      is_leader=True, started_at=at, last_beat=at))
    db.session.commit()


def test_healthz_says_alive_without_the_database(app):
    broken = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/dir/x.sqlite"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "alive"}


def test_ready_when_database_migrations_and_scheduler_are(client, db, clock, at_head):
    leader_beat(db, clock() - timedelta(seconds=20))
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "scheduler": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_not_ready_when_the_scheduler_is_silent(client, db, clock, at_head):
    assert client.get("/readyz").get_json()["reasons"] == ["scheduler: no leader has beaten"]
    leader_beat(db, clock() - timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["scheduler"] == "stale"
    assert "300 s old" in response.get_json()["reasons"][0]


def test_not_ready_when_the_database_is_unreachable(backend):
    # Nothing listens on port 1; a folder that does not exist holds no SQLite file.
    url = ("postgresql+psycopg://postgres@127.0.0.1:1/ccn" if backend == "postgresql"
           else "sqlite:////nonexistent/dir/ccn.sqlite")
    response = create_app({"SQLALCHEMY_DATABASE_URI": url}).test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready" and body["checks"]["database"] == "unreachable"
    assert body["reasons"][0].startswith("database: ")


@pytest.fixture
def keep_logging():
    """Alembic's env.py configures logging from alembic.ini (disabling every logger that
    exists): put it back as it was for the tests that follow."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers),
             {name: (lg.disabled, lg.level) for name, lg in
              logging.root.manager.loggerDict.items() if isinstance(lg, logging.Logger)})
    yield
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, lg in logging.root.manager.loggerDict.items():
        if isinstance(lg, logging.Logger):
            lg.disabled, level = saved[2].get(name, (False, logging.NOTSET))
            lg.setLevel(level)


def test_not_ready_while_migrations_are_behind(tmp_path, keep_logging):
    """Real migrations on a database of its own: upgraded to an old revision, the
    process is not ready; stamped at this code's head, it is (as far as migrations go)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}",
                      "READY_HEARTBEAT_MAX_AGE": 0})
    client = app.test_client()
    assert client.get("/readyz").get_json()["checks"]["migrations"] == "behind"  # empty
    with app.app_context():
        upgrade(revision=HEAD_ONLY)
    response = client.get("/readyz")
    assert response.status_code == 503
    reason = response.get_json()["reasons"][0]
    assert reason.startswith(f"migrations not current: database at {HEAD_ONLY}, code at ")
    with app.app_context():
        stamp(revision="heads")
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"] == {"database": "ok", "migrations": "ok",
                                             "scheduler": "not checked"}


def samples(text_body, name):
    return {line.split(" ")[0]: float(line.rsplit(" ", 1)[1])
            for line in text_body.splitlines() if line.startswith(name)}


def open_deadline(db, holder, due):
    db.session.add(Deadline(entity_type="violation", entity_id=1, policy_key="remediation",
                            title_vi="Khắc phục", title_en="Remedy", holder_org_id=holder.id,
                            due_date=due, original_due_date=due))


def test_metrics_count_requests_and_read_gauges_from_the_database(app, client, db, make,
                                                                   clock):
    investor = make.org("investor")
    open_deadline(db, investor, clock().date() - timedelta(days=3))
    open_deadline(db, investor, clock().date() + timedelta(days=3))
    leader_beat(db, clock() - timedelta(seconds=42))
    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page")
    body = client.get("/metrics").get_data(as_text=True)
    requests = samples(body, "ccn_http_requests_total")
    assert requests['ccn_http_requests_total{endpoint="ops.healthz",method="GET",'
                    'status="200"}'] >= 3
    assert any('endpoint="unmatched"' in k and 'status="404"' in k for k in requests)
    assert 'ccn_http_request_duration_seconds_bucket{endpoint="ops.healthz",le="0.1"}' in body
    assert samples(body, "ccn_open_deadlines") == {'ccn_open_deadlines{overdue="false"}': 1,
                                                   'ccn_open_deadlines{overdue="true"}': 1}
    assert samples(body, "ccn_outbox_pending") == {"ccn_outbox_pending": 0}
    assert samples(body, "ccn_scheduler_heartbeat_age_seconds") == {
        "ccn_scheduler_heartbeat_age_seconds": 42}
    assert samples(body, "ccn_database_up") == {"ccn_database_up": 1}


def test_metrics_only_for_allowed_addresses_or_the_token(app, client):
    elsewhere = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics").status_code == 200  # loopback, allowed by default
    assert client.get("/metrics", environ_base=elsewhere).status_code == 403
    app.config.update(METRICS_TOKEN="s3cret", METRICS_ALLOWED_IPS="10.0.0.0/8")
    try:
        assert client.get("/metrics").status_code == 403
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.2.3.4"}).status_code == 200
        assert client.get("/metrics", environ_base=elsewhere,
                          headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert client.get("/metrics", environ_base=elsewhere,
                          headers={"Authorization": "Bearer wrong"}).status_code == 403
    finally:
        app.config.update(METRICS_TOKEN="", METRICS_ALLOWED_IPS="127.0.0.1,::1")


@pytest.fixture
def json_log():
    """The JSON lines the process would print, captured from the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.RequestIdFilter())
    root = logging.getLogger()
    saved = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(saved)


def test_every_line_of_a_request_carries_its_id(app, json_log):
    app = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    client = app.test_client()

    @app.get("/_log-twice")
    def log_twice():
        logging.getLogger("ccn.test").warning("first")
        logging.getLogger("ccn.test").info("second", extra={"cluster_id": 7})
        return "ok"

    response = client.get("/_log-twice", headers={"X-Request-Id": "lb-4f2a"})
    assert response.headers["X-Request-Id"] == "lb-4f2a"
    lines = json_log()
    assert [line["message"] for line in lines] == ["first", "second", "GET /_log-twice 200"]
    assert {line["request_id"] for line in lines} == {"lb-4f2a"}
    assert lines[1]["cluster_id"] == 7 and lines[2]["status"] == 200
    assert lines[2]["endpoint"] == "log_twice" and lines[2]["duration_ms"] >= 0

    # No id, or one that is not a plain token: the process makes its own.
    made = client.get("/healthz", headers={"X-Request-Id": 'x" {"level": "ERROR"}'})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-Id"])
    assert json_log()[-1]["request_id"] == made.headers["X-Request-Id"]


def test_each_scheduler_job_run_logs_under_one_id(json_log):
    def sweep():
        logging.getLogger("scheduler.jobs").warning("swept")

    job = logs.traced("sweep", sweep)
    job()
    job()
    lines = json_log()
    assert [line["message"] for line in lines] == ["swept", "job sweep done"] * 2
    first, second = {lines[0]["request_id"], lines[1]["request_id"]}, {lines[2]["request_id"]}
    assert len(first) == 1 and first != second and lines[0]["request_id"].startswith("sweep-")


def test_the_scheduler_runs_its_jobs_traced(app, db):
    from scheduler.heartbeat import Node
    from scheduler.leader import Election, lock_for
    from scheduler.runner import build

    election = Election(lock_for(db.engine, app.instance_path))
    for job in build(app, election, Node()).get_jobs():
        assert job.func.__wrapped__.__name__.endswith("_job")
