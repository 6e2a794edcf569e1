"""The scheduler's jobs: module-level functions that take the app (and the node's election),
run inside their own `with app.app_context():` (so their own session: never a global one
shared between threads), and commit each unit of work once.

The sweep is three kinds of unit: opening recurring deadlines, queuing due reminders, and
marking each overdue violation. A unit that fails is rolled back and logged, and the next
still runs: one broken violation must not stop every reminder. Nothing is lost by a
failure or a crash: the work is rows, and the next run finds it again."""
import logging
from datetime import datetime, timezone

from models import db, utcnow
from views.links import record_links

from .digest import claim_digests
from .dispatch import dispatch
from .heartbeat import beat
from .overdue import mark_overdue, overdue_violation_ids
from .recurring import open_recurring
from .reminders import queue_reminders

log = logging.getLogger(__name__)
FAILED = "failed"


def clock(app) -> datetime:
    """The scheduler's now: real time, or the clock a test or `tick --now` injected."""
    return app.config.get("CLOCK", utcnow)()


def _utc(now: datetime) -> datetime:
    # Columns typed UTCDateTime store any aware time as UTC; the jobs also build untyped
    # parameters (lease deadlines, backoff times), which get UTC from here.
    return now.astimezone(timezone.utc)


def _unit(name, work, *args):
    try:
        result = work(db.session, *args)
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        log.exception("scheduler: %s failed; rolled back, retried on the next run", name)
        return FAILED


def sweep(app, now: datetime | None = None) -> dict:
    with app.app_context():
        now = _utc(now or clock(app))
        report = {"recurring_opened": _unit("recurring deadlines", open_recurring, now),
                  "reminders_queued": _unit("reminders", queue_reminders, now)}
        overdue = _unit("overdue violations", overdue_violation_ids, now)
        report["violations_overdue"] = overdue if overdue == FAILED else [
            vid for vid in overdue
            if _unit(f"mark_overdue violation {vid}", mark_overdue, vid, now) is True]
        return report


def digest(app, now: datetime | None = None) -> dict:
    with app.app_context():
        return {"digests_claimed": _unit("digest", claim_digests, _utc(now or clock(app)))}


def deliver(app, now: datetime | None = None) -> dict:
    """Dispatch works on connections of its own and commits per message (see
    dispatch.py); here only a failure of the whole run is caught."""
    with app.app_context():
        try:
            return dispatch(db.engine, app.config, _utc(now or clock(app)),
                            links=record_links(app))
        except Exception:
            log.exception("scheduler: dispatch failed; pending messages stay pending")
            return {"dispatch": FAILED}


def tick(app, now: datetime | None = None) -> dict:
    """One pass of everything the scheduler does, as if at `now`: `flask scheduler tick`."""
    return {**sweep(app, now), **digest(app, now), **deliver(app, now)}


# What the long-running scheduler runs: the same functions, on the leader only.

def heartbeat_job(app, election, node) -> None:
    with app.app_context():
        leading = election.campaign()
        try:
            beat(db.session, node, leading, _utc(clock(app)))
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("scheduler: heartbeat not written")


def sweep_job(app, election) -> None:
    if election.is_leader:
        sweep(app)


def digest_job(app, election) -> None:
    if election.is_leader:
        digest(app)


def dispatch_job(app, election) -> None:
    if election.is_leader:
        deliver(app)
