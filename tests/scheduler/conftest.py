"""Fixtures for the scheduler tests: a real SMTP server on loopback (aiosmtpd) that can
refuse or hold messages, the app pointed at it, a `tick` that runs the scheduler's jobs
as if at a given moment, and a few factories for deadlines.

Jobs run in their own app context, hence their own session: `tick` commits the test's
session first (the job must see the data) and expires it after (the test must see the
job's work)."""
import asyncio
import socket
import threading
from datetime import date, datetime, time, timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from workflows.calendar import HANOI


def hanoi(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What the SMTP server accepted. `refuse(envelope) -> reply or None` makes it answer
    a message with an error; `hold_at=n` makes it sit on the n-th message until
    `release` is set (it then refuses it: the sender is gone)."""

    def __init__(self):
        self.messages = []
        self.refuse = None
        self.hold_at = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.seen = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.seen += 1
            position = self.seen
        if self.hold_at == position:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 sender went away"
        if self.refuse is not None:
            reply = self.refuse(envelope)
            if reply:
                return reply
        message = message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def of_kind(self, *kinds, about=None):
        """Messages of these kinds; `about` ("deadline-12") keeps those about one thing."""
        return [m for m in self.messages if m["X-CCN-Kind"] in kinds
                and (about is None or m["X-CCN-Ref"] == about)]

    def to(self, address, *kinds, about=None):
        return [m for m in self.of_kind(*kinds, about=about) if m["To"] == address]


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    mailbox.release.set()
    controller.stop()


@pytest.fixture
def mail(app, smtp):
    """The app sends to the loopback server for the length of the test."""
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS=False)
    yield smtp
    app.config.update(saved)


@pytest.fixture
def tick(app, db, clock):
    def run(moment: datetime) -> dict:
        from scheduler.jobs import tick as run_tick

        db.session.commit()
        clock.set(moment)
        report = run_tick(app, moment)
        db.session.expire_all()
        return report
    return run


@pytest.fixture
def sweep(app, db, clock):
    """Only the sweep (no digest, no delivery)."""
    def run(moment: datetime) -> dict:
        from scheduler.jobs import sweep as run_sweep

        db.session.commit()
        clock.set(moment)
        report = run_sweep(app, moment)
        db.session.expire_all()
        return report
    return run


@pytest.fixture
def open_deadline(db, clock):
    """A deadline row as a workflow effect would open it."""
    def make_deadline(holder, due: date, policy="remediation", opened: date | None = None,
                      entity_type="violation", entity_id=1, title="Hoàn thành khắc phục"):
        from models import Deadline

        opened_at = hanoi(opened or due - timedelta(days=30), 8)
        deadline = Deadline(entity_type=entity_type, entity_id=entity_id, policy_key=policy,
                            title_vi=title, title_en="Complete the remedial measures",
                            holder_org_id=holder.id, due_date=due, original_due_date=due,
                            opened_at=opened_at)
        db.session.add(deadline)
        db.session.flush()
        return deadline
    return make_deadline


@pytest.fixture
def outbox(db):
    def rows(**filters):
        from models import Notification

        db.session.expire_all()
        return Notification.query.filter_by(**filters).order_by(Notification.id).all()
    return rows
