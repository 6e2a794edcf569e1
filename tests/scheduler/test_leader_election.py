"""Exactly one scheduler leads (PostgreSQL advisory lock / SQLite flock); when it dies a
follower takes over; heartbeats show who leads, in the API and on /admin/scheduler."""
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from sched_support import hanoi
from scheduler.heartbeat import Node
from scheduler.leader import Election, lock_for

ROOT = Path(__file__).resolve().parents[2]


def election(app, db):
    return Election(lock_for(db.engine, app.instance_path))


def eventually(condition, timeout=20.0):
    """Wait for another process to do something (not for the clock: that is injected)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_one_leader_at_a_time(app, db):
    first, second = election(app, db), election(app, db)
    try:
        assert first.campaign() is True
        assert second.campaign() is False
        assert first.campaign() is True  # a leader keeps the lead while it holds the lock
        first.resign()
        assert second.campaign() is True
        assert first.campaign() is False
    finally:
        first.resign()
        second.resign()


HOLD_LOCK = """
import sys, time
from app import create_app
from models import db
from scheduler.leader import Election, lock_for
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1]})
with app.app_context():
    e = Election(lock_for(db.engine, app.instance_path))
print("leading" if e.campaign() else "following", flush=True)
time.sleep(600)
"""


def test_a_follower_takes_over_when_the_leader_dies(app, db):
    leader = subprocess.Popen([sys.executable, "-c", HOLD_LOCK,
                               app.config["SQLALCHEMY_DATABASE_URI"]],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    follower = election(app, db)
    try:
        assert leader.stdout.readline().strip() == "leading"
        assert follower.campaign() is False
        leader.send_signal(signal.SIGKILL)
        leader.wait(10)
        # The server (or the kernel) frees the lock with the dead process.
        assert eventually(follower.campaign, timeout=10)
    finally:
        follower.resign()
        if leader.poll() is None:
            leader.kill()


RUN_SCHEDULER = """
import sys
from app import create_app
from scheduler.runner import run
run(create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1],
                "SCHEDULER_INTERVALS": {"heartbeat": 1, "sweep": 1, "dispatch": 1}}))
"""


def test_two_scheduler_processes_one_leads_then_the_other_takes_over(
        app, db, make, open_deadline, tmp_path):
    from models import Notification, SchedulerHeartbeat
    from models.base import utcnow
    from workflows.engine.calendar import local_date

    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor)  # in-app only: these processes send no mail
    open_deadline(investor, local_date(utcnow()))  # due today, by the real clock
    db.session.commit()

    def start(n):
        log = open(tmp_path / f"scheduler{n}.log", "w")
        return subprocess.Popen([sys.executable, "-c", RUN_SCHEDULER,
                                 app.config["SQLALCHEMY_DATABASE_URI"]],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def beats():
        db.session.rollback()  # see the other processes' commits
        return db.session.scalars(select(SchedulerHeartbeat)).all()

    processes = [start(1), start(2)]
    try:
        assert eventually(lambda: len(beats()) == 2 and sum(b.is_leader for b in beats()) == 1)
        leader = next(b for b in beats() if b.is_leader)
        leader_process = next(p for p in processes if p.pid == leader.pid)
        other = next(p for p in processes if p is not leader_process)
        assert eventually(lambda: db.session.scalar(
            select(Notification.status).where(Notification.kind == "deadline_reminder")) == "sent")

        leader_process.send_signal(signal.SIGKILL)
        leader_process.wait(10)
        assert eventually(lambda: any(b.is_leader and b.pid == other.pid for b in beats()))

        other.send_signal(signal.SIGTERM)  # a clean stop gives the lead back at once
        assert other.wait(20) == 0
        assert not any(b.is_leader for b in beats())
        # Both leaders swept the same deadline: its reminder went in once.
        assert len(db.session.scalars(select(Notification)
                                      .where(Notification.kind == "deadline_reminder")).all()) == 1
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
                p.wait(10)


def test_jobs_are_configured_deliberately(app, db):
    from scheduler.runner import build

    jobs = {job.id: job for job in build(app, election(app, db), Node()).get_jobs()}
    assert set(jobs) == {"heartbeat", "sweep", "dispatch", "digest"}
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time == job.trigger.interval.total_seconds()


def test_a_follower_runs_no_job(app, db, make, open_deadline, clock):
    from models import Notification
    from scheduler.jobs import sweep_job

    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor)
    open_deadline(investor, date(2026, 11, 28))
    db.session.commit()
    leader, follower = election(app, db), election(app, db)
    try:
        leader.campaign()
        follower.campaign()
        sweep_job(app, follower)
        assert Notification.query.count() == 0
        sweep_job(app, leader)
        assert Notification.query.count() == 1
    finally:
        leader.resign()
        follower.resign()


@pytest.fixture
def beating(app, db, clock):
    """A leading node that has beaten once at the clock's time."""
    from scheduler.jobs import heartbeat_job

    node, leader = Node(), election(app, db)
    db.session.commit()
    heartbeat_job(app, leader, node)
    yield node
    leader.resign()


def test_status_shows_the_leaders_last_heartbeat(api, make, clock, beating):
    manager = make.user("manager")
    inspector = make.user("inspector")
    body = api.as_(manager).get("/api/v1/scheduler/status").get_json()
    assert body["healthy"] is True and body["leader"]["node_id"] == beating.id
    assert body["leader"]["age_seconds"] == 0 and body["outbox"]["pending"] == 0

    clock.set(clock() + timedelta(minutes=2))  # the leader stopped beating
    body = api.get("/api/v1/scheduler/status").get_json()
    assert body["healthy"] is False and body["leader"]["stale"] is True
    assert api.as_(inspector).get("/api/v1/scheduler/status").status_code == 403


def test_status_page(client, make, db, beating):
    def login(user):
        db.session.commit()
        response = client.post("/login", data={"username": user.username,
                                               "password": "secret-pass"})
        assert response.status_code == 303

    assert client.get("/admin/scheduler").status_code in (302, 401)
    login(make.user("investor"))
    assert client.get("/admin/scheduler").status_code == 403
    login(make.user("admin"))
    page = client.get("/admin/scheduler")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert beating.id in text and "Đang hoạt động" in text and "</html>" in text


def test_heartbeat_of_a_new_leader_clears_a_dead_leaders_flag(app, db, clock):
    from models import SchedulerHeartbeat
    from scheduler.heartbeat import beat

    dead = SchedulerHeartbeat(node_id="old:1:abc", hostname="old", pid=1, is_leader=True,
                              started_at=hanoi(date(2026, 11, 1)),
                              last_beat=hanoi(date(2026, 11, 1)))
    db.session.add(dead)
    beat(db.session, Node(), True, clock())
    db.session.commit()
    assert [b.is_leader for b in SchedulerHeartbeat.query.order_by(
        SchedulerHeartbeat.started_at)] == [False, True]
