"""Two schedulers at once against one PostgreSQL (separate sessions and connections, as
two processes would have): every reminder, recurring deadline and digest is claimed and
sent once."""
import threading
from collections import Counter
from datetime import date

import pytest

from sched_support import hanoi
from scheduler.jobs import tick

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def only_postgres(backend):
    if backend == "sqlite":
        pytest.skip("concurrency needs PostgreSQL (SQLite has a single writer)")


def test_two_schedulers_send_each_reminder_once(app, db, make, open_deadline, mail, outbox):
    make.department()
    for n in range(60):
        investor = make.org("investor")
        make.user("investor", org=investor, email=f"cdt{n}@example.vn")
        for due in (date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 17)):
            open_deadline(investor, due)
    db.session.commit()

    for moment in (hanoi(date(2026, 12, 10)), hanoi(date(2026, 12, 11))):
        start, reports, errors = threading.Barrier(2), [], []

        def scheduler():
            try:
                start.wait()
                reports.append(tick(app, moment))
            except Exception as exc:  # surfaced below, not lost in the thread
                errors.append(exc)

        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == [] and len(reports) == 2
        assert "failed" not in [v for r in reports for v in r.values()]

    emails = outbox(channel="email")
    assert {r.status for r in emails} == {"sent"}
    delivered = Counter(m["Message-ID"] for m in mail.messages)
    assert len(delivered) == len(emails) and set(delivered.values()) == {1}
    # 10/12: rung 0 of the first, -1 of the second, -7 of the third; 11/12: +1 goes to
    # the department (no address there), 0 of the second; plus digests and the reports.
    per_investor = Counter(m["To"] for m in mail.of_kind("deadline_reminder"))
    assert set(per_investor.values()) == {4}
    assert Counter(m["To"] for m in mail.of_kind("deadline_digest"))["cdt0@example.vn"] == 2
