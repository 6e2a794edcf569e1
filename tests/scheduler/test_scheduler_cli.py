"""`flask scheduler tick --now ...` and `flask scheduler status`."""
import json
from datetime import date

from sched_support import hanoi


def test_tick_runs_sweep_digest_and_dispatch_at_the_given_moment(runner, make, db,
                                                                  open_deadline, outbox):
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor)
    open_deadline(investor, date(2026, 12, 10))
    db.session.commit()

    result = runner.invoke(args=["scheduler", "tick", "--now", "2026-12-10T09:00"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["reminders_queued"] == 1 and report["in_app"] == 1
    rows = outbox(kind="deadline_reminder")
    assert len(rows) == 1 and rows[0].status == "sent"
    # A time without an offset is Hanoi's: 09:00 there is 02:00 UTC.
    assert rows[0].created_at.replace(tzinfo=None).isoformat() == "2026-12-10T02:00:00"

    again = json.loads(runner.invoke(args=["scheduler", "tick", "--now",
                                           "2026-12-10T02:00:00+00:00"]).output)
    assert again["reminders_queued"] == 0 and again["in_app"] == 0


def test_tick_refuses_a_malformed_moment(runner, db):
    result = runner.invoke(args=["scheduler", "tick", "--now", "tomorrow"])
    assert result.exit_code == 2 and "ISO 8601" in result.output


def test_status_command(runner, db, clock):
    from scheduler.heartbeat import Node, beat

    node = Node()
    beat(db.session, node, True, clock())
    db.session.commit()
    result = runner.invoke(args=["scheduler", "status"])
    assert result.exit_code == 0 and json.loads(result.output)["leader"]["node_id"] == node.id


def test_a_failing_step_does_not_stop_the_others(app, db, make, open_deadline, monkeypatch,
                                                 tick, outbox):
    import scheduler.jobs as jobs

    def broken(session, now):
        raise RuntimeError("recurring calendar unreadable")

    monkeypatch.setattr(jobs, "open_recurring", broken)
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor)
    open_deadline(investor, date(2026, 12, 10))
    report = tick(hanoi(date(2026, 12, 10)))
    assert report["recurring_opened"] == jobs.FAILED and report["reminders_queued"] == 1
    assert len(outbox(kind="deadline_reminder")) == 1
