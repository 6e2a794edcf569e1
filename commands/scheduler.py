import json
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from models import db
from workflows.engine.calendar import HANOI

scheduler_cli = AppGroup("scheduler", help="Deadline reminders, digests and their delivery.")


def parse_moment(ctx, param, value):
    """ISO 8601; a time without an offset is Hanoi time, as a user would say it."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO 8601, e.g. 2026-06-19T08:00 or "
                                 "2026-06-19T01:00:00+00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=HANOI)


@scheduler_cli.command("run")
def run():
    """The long-running scheduler (one per deployment; a second one waits as follower)."""
    from scheduler.runner import run as run_scheduler

    import logs

    logs.configure()  # JSON lines in production (LOG_FORMAT), each job run with its own id
    run_scheduler(current_app._get_current_object())


@scheduler_cli.command("tick")
@click.option("--now", "moment", callback=parse_moment, metavar="ISO-DATETIME",
              help="Run as if at this moment (default: now).")
def tick(moment):
    """One sweep, digest and dispatch, then exit."""
    from scheduler.jobs import FAILED, tick as run_tick

    report = run_tick(current_app._get_current_object(), moment)
    click.echo(json.dumps(report, default=str))
    if FAILED in report.values():
        raise SystemExit(1)


@scheduler_cli.command("status")
def status():
    """The leader's last heartbeat and the outbox counts."""
    from scheduler.heartbeat import status as read_status

    click.echo(json.dumps(read_status(db.session), indent=2))
