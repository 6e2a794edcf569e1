"""Fixtures for the scheduler tests: a real SMTP server on loopback (aiosmtpd) that can
refuse or hold messages, the app pointed at it, a `tick` that runs the scheduler's jobs
as if at a given moment, and a few factories for deadlines.

Jobs run in their own app context, hence their own session: `tick` commits the test's
session first (the job must see the data) and expires it after (the test must see the
job's work)."""
from datetime import date, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller

from sched_support import Mailbox, free_port, hanoi


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
