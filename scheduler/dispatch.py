"""Dispatch: deliver what the outbox holds, each message once.

In-app rows need no transport: one UPDATE marks them delivered. E-mail rows are claimed in
batches by a single statement,

    UPDATE notifications SET attempts = attempts + 1, next_attempt_at = <now + lease>
    WHERE id IN (SELECT id ... pending and due ... LIMIT n FOR UPDATE SKIP LOCKED)
    RETURNING id

and the claim is committed before anything is sent. A second scheduler skips the rows while
the claim runs (SKIP LOCKED on PostgreSQL; SQLite has one writer) and finds them not due
afterwards (the lease), so no SMTP conversation runs inside a transaction.

Each message's outcome is written, in its own autocommitted statement, as soon as it is
known: a crash re-sends at most the one message in flight, and a crash after the claim
leaves the rest pending, due again when the lease ends. This is the one job that commits
more than once, because a delivery cannot be rolled back. A refused message is retried
with exponential backoff and, after MAX_ATTEMPTS, failed; it never holds up the others."""
import time
from functools import cache
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update

from models import Deadline, Notification, Organization, User
from workflows.operations.notice_texts import envelope, locale_of, texts

from .mail import Mailer, compose

LEASE = timedelta(minutes=5)
BATCH_SIZE = 200
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)  # 1, 2, 4, ... minutes
BACKOFF_CAP = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@dataclass
class Outgoing:
    id: int
    key: str
    kind: str
    subject: str
    body: str
    attempts: int
    address: str | None
    name: str
    locale: str
    ref: str | None
    link: str | None = None  # the record's page, where the app knows its public address


def _table():
    return Notification.__table__


def deliver_in_app(connection, now: datetime) -> int:
    t = _table()
    return connection.execute(
        update(t).where(t.c.channel == "in_app", t.c.status == "pending",
                        t.c.next_attempt_at <= now)
        .values(status="sent", sent_at=now)).rowcount


def claim_batch(connection, now: datetime, size: int) -> list[int]:
    t = _table()
    due = (select(t.c.id).where(t.c.channel == "email", t.c.status == "pending",
                                t.c.next_attempt_at <= now)
           .order_by(t.c.next_attempt_at, t.c.id).limit(size))
    if connection.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed = connection.execute(
        update(t).where(t.c.id.in_(due.scalar_subquery()))
        .values(attempts=t.c.attempts + 1, next_attempt_at=now + LEASE)
        .returning(t.c.id))
    return sorted(claimed.scalars())


def _outgoing(connection, ids: list[int], links=None) -> list[Outgoing]:
    """The claimed rows as messages, each in its recipient's language: a reminder's text is
    written here (reminders.texts), any other message's was written with its row. With
    `links`, each names the page of the record it is about (a reminder: its deadline's)."""
    rows = connection.execute(
        select(Notification.id, Notification.idempotency_key, Notification.kind,
               Notification.subject, Notification.body, Notification.attempts,
               Notification.entity_type, Notification.entity_id, Notification.created_at,
               Notification.recipient_user_id, User.email.label("user_email"),
               User.full_name, User.username, User.locale,
               Organization.email.label("org_email"), Organization.name_vi,
               Deadline.entity_type.label("about_type"),
               Deadline.entity_id.label("about_id"))
        .outerjoin(User, User.id == Notification.recipient_user_id)
        .outerjoin(Organization, Organization.id == Notification.recipient_org_id)
        .outerjoin(Deadline, (Notification.entity_type == "deadline")
                   & (Deadline.id == Notification.entity_id))
        .where(Notification.id.in_(ids)).order_by(Notification.id)).all()
    # An organization's own address has no user, hence no locale: it reads Vietnamese.
    written = texts(connection, rows, lambda r: locale_of(r.locale))
    result = []
    for r in rows:
        if r.recipient_user_id is not None:
            address, name = r.user_email, r.full_name or r.username
        else:
            address, name = r.org_email, r.name_vi or ""
        ref = f"{r.entity_type}-{r.entity_id}" if r.entity_type else None
        subject, body = written.get(r.id, (r.subject, r.body))
        about = (r.about_type, r.about_id) if r.about_type else (r.entity_type, r.entity_id)
        link = links(*about) if links and about[0] else None
        result.append(Outgoing(r.id, r.idempotency_key, r.kind, subject, body,
                               r.attempts, address, name, locale_of(r.locale), ref, link))
    return result


@cache
def _mark(outcome: str):
    """The UPDATE that records an outcome, built once: constructing it costs more than
    running it, ten thousand times a batch."""
    t = _table()
    values = {
        "sent": {"status": "sent", "sent_at": bindparam("b_at"), "last_error": None},
        "failed": {"status": "failed", "last_error": bindparam("b_error")},
        "retry": {"next_attempt_at": bindparam("b_at"), "last_error": bindparam("b_error")},
    }[outcome]
    return update(t).where(t.c.id == bindparam("b_id")).values(**values)


def _record(marker, message: Outgoing, at: datetime, error: str | None,
            max_attempts: int) -> str:
    """One autocommitted UPDATE: a single round trip, durable before the next send."""
    if error is None:
        outcome, params = "sent", {"b_at": at}
    elif message.attempts >= max_attempts:
        outcome, params = "failed", {"b_error": error}
    else:
        outcome, params = "retry", {"b_at": at + backoff(message.attempts), "b_error": error}
    marker.execute(_mark(outcome), {"b_id": message.id, **params})
    return outcome


def _release(marker, ids: list[int], now: datetime) -> None:
    """Give back claimed rows not tried (the lease is running out): due now, and the
    attempt they were charged is refunded."""
    t = _table()
    marker.execute(update(t).where(t.c.id.in_(ids))
                   .values(next_attempt_at=now, attempts=t.c.attempts - 1))


def dispatch(engine, config, now: datetime, batch_size: int = BATCH_SIZE,
             max_attempts: int = MAX_ATTEMPTS, links=None) -> dict:
    """Deliver every due message. `now` is the scheduler's clock (tick --now moves it);
    times recorded advance from it by the real time spent sending. `links`: (entity type,
    id) -> the record's page, named in each e-mail (views.links.record_links)."""
    started = time.monotonic()

    def moment() -> datetime:
        return now + timedelta(seconds=time.monotonic() - started)

    sender = config["MAIL_DEFAULT_SENDER"]
    # Outcomes are recorded on a connection of their own, each statement committed alone.
    with (engine.connect() as connection,
          engine.connect().execution_options(isolation_level="AUTOCOMMIT") as marker,
          Mailer(config) as mailer):
        with connection.begin():
            counts = {"in_app": deliver_in_app(connection, now), "sent": 0, "retry": 0,
                      "failed": 0}
        while True:
            with connection.begin():
                ids = claim_batch(connection, now, batch_size)
                batch = _outgoing(connection, ids, links) if ids else []
            if not batch:
                return counts
            claimed_at = time.monotonic()
            for i, message in enumerate(batch):
                if time.monotonic() - claimed_at > LEASE.total_seconds() * 0.8:
                    _release(marker, [m.id for m in batch[i:]], moment())
                    return counts
                error = None
                if not message.address:
                    error, message.attempts = "no e-mail address", max_attempts
                else:
                    try:
                        mailer.send(message.address, compose(
                            sender, message.address, message.subject,
                            envelope(message.locale, message.name, message.body, message.link),
                            key=message.key, kind=message.kind, locale=message.locale,
                            now=moment(), ref=message.ref))
                    except Exception as exc:  # noqa: BLE001 - recorded on the row, retried
                        error = f"{type(exc).__name__}: {exc}"[:1000]
                counts[_record(marker, message, moment(), error, max_attempts)] += 1
