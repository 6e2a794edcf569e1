"""Dispatch against a real SMTP server on loopback: refusals are retried with backoff and
never hold up other messages; after MAX_ATTEMPTS a message fails; a dispatcher killed in
the middle is restarted and every message arrives exactly once."""
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from sched_support import hanoi
from models.base import aware
from scheduler.dispatch import LEASE, MAX_ATTEMPTS, backoff

ROOT = Path(__file__).resolve().parents[2]
DUE = date(2026, 12, 10)


@pytest.fixture
def reminded(make, open_deadline):
    """Three investors, each with a user who has an address, each with a deadline due on
    10/12: the sweep on that day claims one reminder e-mail (and one in-app) per user."""
    make.department()
    addresses = []
    for n in range(3):
        investor = make.org("investor")
        make.user("investor", org=investor, email=f"cdt{n}@example.vn")
        open_deadline(investor, DUE)
        addresses.append(f"cdt{n}@example.vn")
    return addresses


def reminder_mails(outbox):
    return outbox(channel="email", kind="deadline_reminder")


def test_a_refusing_server_then_recovering(mail, tick, reminded, outbox):
    mail.refuse = lambda envelope: "451 4.3.2 try again later"
    moment = hanoi(DUE)
    tick(moment)
    rows = reminder_mails(outbox)
    assert len(rows) == 3 and {r.status for r in rows} == {"pending"}
    assert all(r.attempts == 1 and "451" in r.last_error for r in rows)
    assert all(aware(r.next_attempt_at) >= moment + backoff(1) for r in rows)
    assert {r.status for r in outbox(channel="in_app")} == {"sent"}  # in-app is not held up

    tick(moment + timedelta(seconds=30))  # not due yet: nothing is tried
    assert {r.attempts for r in reminder_mails(outbox)} == {1}

    mail.refuse = None
    tick(moment + timedelta(minutes=2))
    rows = reminder_mails(outbox)
    assert {r.status for r in rows} == {"sent"} and {r.attempts for r in rows} == {2}
    assert all(r.last_error is None for r in rows)
    assert sorted(m["To"] for m in mail.of_kind("deadline_reminder")) == reminded


def test_one_refused_recipient_does_not_block_the_others(mail, tick, reminded, outbox):
    mail.refuse = lambda envelope: ("550 5.1.1 no such mailbox"
                                    if envelope.rcpt_tos == ["cdt1@example.vn"] else None)
    tick(hanoi(DUE))
    assert sorted(r.status for r in reminder_mails(outbox)) == ["pending", "sent", "sent"]
    assert sorted(m["To"] for m in mail.of_kind("deadline_reminder")) == [
        "cdt0@example.vn", "cdt2@example.vn"]


def test_after_max_attempts_the_message_fails_and_is_left_alone(mail, tick, reminded, outbox):
    mail.refuse = lambda envelope: "451 4.3.2 try again later"
    moment = hanoi(DUE)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        tick(moment)
        assert {r.attempts for r in reminder_mails(outbox)} == {attempt}
        moment += backoff(attempt) + timedelta(seconds=1)
    rows = reminder_mails(outbox)
    assert {r.status for r in rows} == {"failed"} and "451" in rows[0].last_error
    mail.refuse = None
    tick(moment + timedelta(days=1))
    assert {r.attempts for r in reminder_mails(outbox)} == {MAX_ATTEMPTS}
    assert mail.of_kind("deadline_reminder") == []


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == timedelta(hours=6)


def test_an_unreachable_server_leaves_messages_pending(app, db, tick, reminded, outbox):
    from sched_support import free_port

    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    try:
        tick(hanoi(DUE))
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved
    rows = reminder_mails(outbox)
    assert {r.status for r in rows} == {"pending"}
    assert all("ConnectionRefusedError" in r.last_error for r in rows)


def _tick_process(app, smtp, moment):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port)}
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "scheduler", "tick",
         "--now", moment.isoformat()],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_mid_dispatch_then_restarted_delivers_each_message_once(
        app, db, make, open_deadline, mail, outbox):
    make.department()
    for n in range(6):
        investor = make.org("investor")
        make.user("investor", org=investor, email=f"cdt{n}@example.vn")
        open_deadline(investor, DUE)
    db.session.commit()

    mail.hold_at = 3  # the server sits on the third message; then the scheduler is killed
    first = _tick_process(app, mail, hanoi(DUE, 8))
    assert mail.held.wait(60), first.communicate()
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    mail.release.set()

    rows = outbox(channel="email")
    assert Counter(r.status for r in rows) == {"sent": 2, "pending": len(rows) - 2}
    assert len(mail.messages) == 2

    # Restarted at once, the claimed rows are still leased to the dead process ...
    again = _tick_process(app, mail, hanoi(DUE, 8, 1))
    assert again.wait(60) == 0, again.communicate()
    assert len(mail.messages) == 2
    # ... and once the lease ends they go out, each once.
    last = _tick_process(app, mail, hanoi(DUE, 8) + LEASE + timedelta(minutes=1))
    assert last.wait(60) == 0, last.communicate()
    rows = outbox(channel="email")
    assert {r.status for r in rows} == {"sent"}
    ids = Counter(m["Message-ID"] for m in mail.messages)
    assert len(ids) == len(rows) and set(ids.values()) == {1}


def test_a_reminder_mail_links_the_record_its_deadline_concerns(app, mail, tick, make,
                                                                 open_deadline):
    """Where the app knows its public address, an e-mail says where to open the case:
    the page of the violation a reminder's deadline concerns, not the deadline's id."""
    make.department()
    investor = make.org("investor")
    make.user("investor", org=investor, email="cdt@example.vn")
    violation = make.violation(make.cluster(investor=investor), make.user("inspector"))
    open_deadline(investor, DUE, entity_id=violation.id)
    app.config["PUBLIC_BASE_URL"] = "https://ccn.hanoi.gov.vn/app/"
    try:
        tick(hanoi(DUE))
    finally:
        app.config.pop("PUBLIC_BASE_URL")
    [sent] = mail.of_kind("deadline_reminder")
    assert f"Xem hồ sơ: https://ccn.hanoi.gov.vn/app/violations/{violation.id}" in \
        sent.get_content()


def test_without_a_public_address_a_mail_has_no_link(mail, tick, reminded):
    tick(hanoi(DUE))
    texts = [m.get_content() for m in mail.of_kind("deadline_reminder")]
    assert len(texts) == 3 and not any("Xem hồ sơ" in t or "http" in t for t in texts)


def test_each_kind_of_record_is_linked_to_its_page(app):
    from views.links import DETAIL_ENDPOINTS, detail_url, record_links

    app.config["PUBLIC_BASE_URL"] = "https://ccn.hanoi.gov.vn"
    try:
        link = record_links(app)
    finally:
        app.config.pop("PUBLIC_BASE_URL")
    with app.test_request_context():
        for kind in DETAIL_ENDPOINTS:
            assert link(kind, 7) == "https://ccn.hanoi.gov.vn" + detail_url(kind, 7)
    assert link("organization", 7) is None  # its recurring report has no page of its own
