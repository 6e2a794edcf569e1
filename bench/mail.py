"""Delivering 10,000 due reminders to a loopback SMTP server (aiosmtpd, in its own
process so it does not share the GIL with the sender). Bound: under 20 s.

    .venv/bin/python -m bench.mail            # SQLite; PostgreSQL too with
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/sched_bench ...

Dispatch reuses one SMTP connection per batch and commits each message's outcome as soon
as it is known, before the next send (a crash re-sends at most the message in flight): the
figure includes those 10,000 commits, and writing each reminder's text."""
import os
import socket
import subprocess
import sys
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone

from sqlalchemy import func, insert, select

from bench.common import load_holders, make_app, report

TODAY = date(2027, 3, 10)
NOW = datetime.combine(TODAY, clock_time(2, 0), tzinfo=timezone.utc)  # 09:00 in Hanoi
MESSAGES = 10_000
ORGS = 1_000
TARGET_SECONDS = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _smtp_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the loopback SMTP server did not start")


def _load(db) -> None:
    from models import Deadline

    session = db.session
    load_holders(session, ORGS, locale=lambda n: "vi" if n % 5 else "en")
    session.execute(insert(Deadline.__table__), [
        {"entity_type": "violation", "entity_id": i + 1, "policy_key": "remediation",
         "title_vi": "Hoàn thành khắc phục", "title_en": "Complete the remedial measures",
         "holder_org_id": 2 + i % ORGS, "due_date": TODAY, "original_due_date": TODAY,
         "opened_at": NOW - timedelta(days=30)} for i in range(MESSAGES)])
    session.commit()


def measure(name: str, url: str | None, port: int) -> bool:
    from models import Notification, db
    from scheduler.dispatch import dispatch
    from scheduler.reminders import queue_reminders

    app = make_app(url)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    with app.app_context():
        _load(db)
        started = time.perf_counter()
        queued = queue_reminders(db.session, NOW)
        db.session.commit()
        queue_seconds = time.perf_counter() - started
        started = time.perf_counter()
        counts = dispatch(db.engine, app.config, NOW)
        seconds = time.perf_counter() - started
        sent = db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.channel == "email", Notification.status == "sent"))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    report(f"mail on {name}: {MESSAGES:,} due reminders to a loopback SMTP server", [
        (f"queue ({queued:,} outbox rows, e-mail and in-app)", queue_seconds, "s"),
        (f"dispatch: {counts['sent']:,} e-mails sent, {counts['in_app']:,} in-app delivered",
         seconds, "s"),
        ("e-mails per second", sent / seconds, "/s"),
        (f"dispatch / {TARGET_SECONDS:.0f} s bound", seconds / TARGET_SECONDS, "x"),
    ])
    return sent == MESSAGES and seconds < TARGET_SECONDS


def main() -> bool:
    port = _free_port()
    server = _smtp_server(port)
    try:
        ok = measure("SQLite", None, port)
        url = os.environ.get("BENCH_DATABASE_URL")
        if url:
            ok = measure("PostgreSQL", url, port) and ok
        else:
            print("\n  PostgreSQL: skipped (set BENCH_DATABASE_URL to a database the bench "
                  "may wipe)")
    finally:
        server.terminate()
        server.wait(10)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
