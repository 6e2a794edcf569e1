"""`flask --app app scheduler run`: one long-running APScheduler 3.x BlockingScheduler
process. Never start it inside the web workers: each would run every job.

Every node runs the heartbeat; the other jobs return at once unless the node leads (see
leader.py). Job settings, chosen deliberately:
- coalesce=True: runs missed while the process was busy or suspended collapse into one.
  Each job does "what is due now", so running it five times in a row adds nothing.
- misfire_grace_time about one interval: a run that starts later than that is dropped,
  because the next one is about to come anyway; a shorter grace would drop runs on a
  briefly busy machine.
- max_instances=1: a slow sweep is never overlapped by the next one."""
import logging
import signal
from datetime import timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

import logs
from models import db, utcnow
from workflows.engine.calendar import HANOI

from . import jobs
from .heartbeat import Node, beat
from .leader import Election, lock_for

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15  # a follower retries the lock this often: takeover within a minute
SWEEP_SECONDS = 60
DISPATCH_SECONDS = 30
DIGEST_SECONDS = 600  # the digest itself is daily; the job claims it once after 07:00


def build(app, election: Election, node: Node) -> BlockingScheduler:
    scheduler = BlockingScheduler(
        timezone=HANOI, executors={"default": ThreadPoolExecutor(4)},
        job_defaults={"coalesce": True, "max_instances": 1})
    start = utcnow()
    every = app.config.get("SCHEDULER_INTERVALS", {})  # seconds by job id; tests shorten them
    for job_id, func, seconds, args, first in (
            ("heartbeat", jobs.heartbeat_job, HEARTBEAT_SECONDS, (app, election, node), 0),
            ("sweep", jobs.sweep_job, SWEEP_SECONDS, (app, election), 2),
            ("dispatch", jobs.dispatch_job, DISPATCH_SECONDS, (app, election), 4),
            ("digest", jobs.digest_job, DIGEST_SECONDS, (app, election), 6)):
        seconds = every.get(job_id, seconds)
        # Each run logs under an id of its own (logs.traced), as a web request does.
        scheduler.add_job(logs.traced(job_id, func), IntervalTrigger(seconds=seconds),
                          args=args, id=job_id,
                          misfire_grace_time=seconds, coalesce=True, max_instances=1,
                          next_run_time=start + timedelta(seconds=first))
    return scheduler


def run(app) -> None:
    node = Node()
    with app.app_context():
        election = Election(lock_for(db.engine, app.instance_path))
    scheduler = build(app, election, node)

    def stop(signum, frame):
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    log.warning("scheduler %s starting", node.id)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        election.resign()
        with app.app_context():  # let the status page show the lead is free at once
            beat(db.session, node, False, utcnow())
            db.session.commit()
