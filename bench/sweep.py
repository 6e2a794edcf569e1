"""The sweep over many open deadlines: finding the 1,000 due ones must cost what is due,
not what is open (the partial index ix_deadlines_open_due), and queuing their reminders
must cost little more than writing their outbox rows.

    .venv/bin/python -m bench.sweep            # SQLite; PostgreSQL too with
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/sched_bench ...

BENCH_DATABASE_URL must name a database the bench may wipe (never the test database).
`--outbox N` first fills the outbox with N rows already sent (a history of years), whose
indexes every sweep then reads and writes.
Bounds, as ratios measured in the same run: the whole sweep job that queues 1,000 due among
1,000,000 open (commit included) at most 3x a bare INSERT ... SELECT of the same outbox
rows (from a copy of them, commit included); the steady sweep (everything queued already)
over 1,000,000 open at most 2x the one over 10,000."""
import argparse
import os
import sys
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import insert, text

from bench.common import load_holders, make_app, median, report, timer

TODAY = date(2027, 3, 10)  # no recurring rung falls on it: only the loaded deadlines are due
NOW = datetime.combine(TODAY, time(2, 0), tzinfo=timezone.utc)  # 09:00 in Hanoi
DUE = 1_000
ORGS = 1_000
SIZES = (10_000, 1_000_000)
RUNGS = (-7, -1, 0, 1, 7)  # the remediation ladder: one due deadline per rung in turn
CHUNK = 50_000


def _load(db, open_count: int, history: int) -> None:
    from models import Deadline

    session = db.session
    load_holders(session, ORGS)
    session.commit()
    opened = NOW - timedelta(days=30)

    def row(i):
        due = (TODAY - timedelta(days=RUNGS[i % len(RUNGS)]) if i < DUE
               else TODAY + timedelta(days=90 + i % 900))  # beyond every ladder's lead
        return ("violation", i + 1, "remediation", "Hoàn thành khắc phục",
                "Complete the remedial measures", 2 + i % ORGS, due, due, opened)

    columns = ("entity_type", "entity_id", "policy_key", "title_vi", "title_en",
               "holder_org_id", "due_date", "original_due_date", "opened_at")
    _bulk_load(db, Deadline.__table__, columns, open_count, row)
    _load_history(db, history)
    if db.engine.dialect.name == "postgresql":
        # VACUUM and CHECKPOINT too, not only ANALYZE: otherwise autovacuum and the
        # checkpointer take up the rows just loaded while the sweeps are being timed (one
        # run measured 49 ms for a steady sweep that takes 25), on a machine with 2 cores.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as quiet:
            quiet.execute(text("VACUUM (ANALYZE)"))
            quiet.execute(text("CHECKPOINT"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()


def _load_history(db, count: int) -> None:
    """`count` reminders sent last year, half in the app (read), half by e-mail."""
    if not count:
        return
    sent = NOW - timedelta(days=365)
    columns = ("idempotency_key", "channel", "recipient_user_id", "kind", "entity_type",
               "entity_id", "subject", "body", "status", "attempts", "next_attempt_at",
               "created_at", "sent_at", "read_at")

    def row(i):
        channel, user, deadline = ("in_app", "email")[i % 2], 1 + (i // 2) % ORGS, 10**7 + i // 2
        return (f"reminder:{deadline}:20260303:-7:u{user}:{channel}", channel, user,
                "deadline_reminder", "deadline", deadline,
                "[Nhắc hạn] Hoàn thành khắc phục: còn 7 ngày (hạn 10/03/2026)",
                "Còn 7 ngày đến hạn.\n\nViệc cần làm: Hoàn thành khắc phục", "sent", 1, sent,
                sent, sent, sent if channel == "in_app" else None)

    from models import Notification

    _bulk_load(db, Notification.__table__, columns, count, row)


def _bulk_load(db, table, columns: tuple[str, ...], count: int, row) -> None:
    """row(0) .. row(count - 1) into `table`: COPY on PostgreSQL, batches on SQLite."""
    if db.engine.dialect.name == "postgresql":
        raw = db.session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(count):
                copy.write_row(row(i))
    else:
        for start in range(0, count, CHUNK):
            db.session.execute(insert(table), [
                dict(zip(columns, row(i))) for i in range(start, min(start + CHUNK, count))])
    db.session.commit()


def _plan(db) -> str:
    lo, hi = TODAY - timedelta(days=30), TODAY + timedelta(days=60)
    where = f"closed_at IS NULL AND due_date >= '{lo}' AND due_date <= '{hi}'"
    if db.engine.dialect.name == "postgresql":
        rows = db.session.execute(text(f"EXPLAIN SELECT id FROM deadlines WHERE {where}"))
        return " / ".join(r[0].strip().split("  (")[0] for r in rows if "Index" in r[0])
    rows = db.session.execute(text(f"EXPLAIN QUERY PLAN SELECT id FROM deadlines WHERE {where}"))
    return " / ".join(r[-1] for r in rows)


def _forget_today(db) -> None:
    """Back to the first sweep of the day: nothing queued today (the history stays)."""
    for name in ("notifications", "notification_claims"):
        table = db.metadata.tables.get(name)
        if table is not None:
            db.session.execute(table.delete().where(
                table.c.created_at >= NOW - timedelta(days=1)))
    db.session.commit()


def _bare_insert(db, timings: list) -> None:
    """The floor: the outbox rows the sweep just wrote, copied aside, deleted, then written
    back by one INSERT ... SELECT and committed."""
    session = db.session
    session.execute(text("DELETE FROM bench_outbox_copy"))
    session.execute(text("INSERT INTO bench_outbox_copy SELECT * FROM notifications "
                         "WHERE created_at >= :since"), {"since": NOW - timedelta(days=1)})
    _forget_today(db)
    with timer(timings):
        session.execute(text("INSERT INTO notifications SELECT * FROM bench_outbox_copy"))
        session.commit()
    _forget_today(db)


def measure(url: str | None, open_count: int, history: int) -> dict:
    from models import db
    from scheduler.jobs import sweep
    from scheduler.reminders import queue_reminders

    app = make_app(url)
    with app.app_context():
        _load(db, open_count, history)
        plan = _plan(db)
    sweep(app, NOW)  # opens the recurring deadlines once (none is due on TODAY)
    with app.app_context():  # where the bare INSERT ... SELECT copies the rows from
        db.session.execute(text("DROP TABLE IF EXISTS bench_outbox_copy"))
        db.session.execute(text("CREATE TABLE bench_outbox_copy AS "
                                "SELECT * FROM notifications WHERE 1 = 0"))
        db.session.commit()
    queues, bare, first_sweeps, sweeps = [], [], [], []
    for _ in range(5):  # the reminders alone, their rows written bare, the whole first sweep
        with app.app_context():
            _forget_today(db)
            with timer(queues):
                queued = queue_reminders(db.session, NOW)
                db.session.commit()
            _bare_insert(db, bare)
        with timer(first_sweeps):
            first = sweep(app, NOW)
        assert first["reminders_queued"] == queued, first
    sweep(app, NOW)  # queued, for the steady sweeps
    for _ in range(5):  # every later sweep that day: everything queued already
        with timer(sweeps):
            sweep(app, NOW)
    with app.app_context():
        db.session.execute(text("DROP TABLE bench_outbox_copy"))
        db.session.commit()
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return {"queued": queued, "queue": median(queues), "first": median(first_sweeps),
            "bare": median(bare),
            "sweep": median(sweeps), "plan": plan}


def bench_backend(name: str, url: str | None, history: int) -> bool:
    results = {n: measure(url, n, history) for n in SIZES}
    small, large = results[SIZES[0]], results[SIZES[-1]]
    sweep_ratio = large["first"] / large["bare"]
    steady_ratio = large["sweep"] / small["sweep"]
    report(f"sweep on {name}: {DUE:,} due among N open deadlines ({ORGS:,} holders, "
           f"{history:,} sent before in the outbox)", [
        *[(f"queue the due reminders, N={n:,} ({r['queued']:,} outbox rows)",
           r["queue"] * 1000, "ms") for n, r in results.items()],
        *[(f"whole sweep that queues them, N={n:,}", r["first"] * 1000, "ms")
          for n, r in results.items()],
        *[(f"bare INSERT ... SELECT of the same rows, N={n:,}", r["bare"] * 1000, "ms")
          for n, r in results.items()],
        *[(f"whole sweep, steady state (all queued already), N={n:,}", r["sweep"] * 1000, "ms")
          for n, r in results.items()],
        (f"claiming sweep / bare INSERT ... SELECT, N={SIZES[-1]:,} (bound <= 3)",
         sweep_ratio, "x"),
        (f"  the reminders alone / bare INSERT ... SELECT, N={SIZES[-1]:,}",
         large["queue"] / large["bare"], "x"),
        (f"steady sweep N={SIZES[-1]:,} / N={SIZES[0]:,} (bound <= 2)", steady_ratio, "x"),
    ])
    print(f"  plan: {large['plan']}")
    return sweep_ratio <= 3 and steady_ratio <= 2


def main() -> bool:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outbox", type=int, default=0, metavar="N",
                        help="outbox rows already sent before the sweeps (default 0)")
    history = parser.parse_args().outbox
    ok = bench_backend("SQLite", None, history)
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        ok = bench_backend("PostgreSQL", url, history) and ok
    else:
        print("\n  PostgreSQL: skipped (set BENCH_DATABASE_URL to a database the bench may wipe)")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
