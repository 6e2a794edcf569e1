"""Telling many organizations at once: one INSERT ... SELECT writes an outbox row for each
recipient of each message (models/recipients.py) and channel, keyed <message key>:
<recipient>:<channel>, and skips keys already taken, so no recipient is sent a message
twice. The statements are the same on SQLite and PostgreSQL.

A message is any row of FIELDS. The sweep's reminders are selected in the database
(reminders.py); the digest's are written in Python and staged in a temporary table (one
per database connection, emptied before each use), and claimed first (a NotificationClaim
per message key) so that only one run renders them."""
from functools import cache

from sqlalchemy import (Column, Integer, MetaData, Table, Text, bindparam, case, exists, literal,
                        select, true)
from sqlalchemy.schema import CreateTable

from models import Notification
from models.notifications import NotificationClaim
from models.base import UTCDateTime
from models.recipients import CHANNELS, recipients

from .claims import insert_ignoring_duplicates

# A message: subject_en and body_en None where nobody reads English.
FIELDS = (("key", Text), ("org_id", Integer), ("kind", Text), ("entity_type", Text),
          ("entity_id", Integer), ("subject_vi", Text), ("body_vi", Text),
          ("subject_en", Text), ("body_en", Text))
# No index: the rows are read once.
STAGING = Table("outbox_staging", MetaData(), *(Column(name, kind) for name, kind in FIELDS),
                prefixes=["TEMPORARY"])


def claim_messages(session, keys, now) -> list[str]:
    """The keys among `keys` that nobody claimed before, claimed now, in key order. Only
    these messages are written: a later run, or a second scheduler, finds them taken."""
    if not keys:
        return []
    connection = _staged(session, [{"key": key} for key in keys])
    statement = _claim_from_staging(connection.dialect.name)
    return sorted(connection.execute(statement, {"now": now}).scalars())


def fan_out(session, messages: list[dict], now, channels=CHANNELS) -> int:
    """Queue each message (a dict of FIELDS) for its organization's recipients on
    `channels`; return how many outbox rows were new."""
    if not messages:
        return 0
    connection = _staged(session, messages)
    statement = outbox_rows(connection.dialect.name, STAGING, tuple(channels))
    return connection.execute(statement, {"now": now}).rowcount


def _staged(session, rows: list[dict]):
    """The session's connection, its staging table holding `rows` alone."""
    connection = session.connection()
    connection.execute(CreateTable(STAGING, if_not_exists=True))
    connection.execute(STAGING.delete())
    connection.execute(STAGING.insert(), rows)
    return connection


@cache
def _claim_from_staging(dialect: str):
    """A claim row for each staged key not claimed before; returns the keys inserted.
    Built once per dialect."""
    claims = NotificationClaim.__table__
    new = (select(STAGING.c.key, bindparam("now", type_=UTCDateTime()))
           .where(true())  # SQLite reads ON CONFLICT after a SELECT only behind a WHERE
           .order_by(STAGING.c.key))  # every node claims in key order: waits, never deadlocks
    return (insert_ignoring_duplicates(dialect, claims, "key")
            .from_select(["key", "created_at"], new).returning(claims.c.key))


@cache
def outbox_rows(dialect: str, messages, channels: tuple[str, ...]):
    """INSERT ... SELECT of one outbox row per recipient of each message that `messages`
    (a selectable with the columns of FIELDS) holds, in the recipient's language; the
    parameter `now` stamps them. Built once per dialect, messages and channels: the
    recipients union is costly to construct."""
    who, message = recipients(channels), messages.c
    english = (who.c.locale == "en") & message.subject_en.is_not(None)
    now = bindparam("now", type_=UTCDateTime())
    key = message.key + literal(":") + who.c.tag
    outbox = Notification.__table__
    fanned = (select(key.label("idempotency_key"), who.c.channel, who.c.recipient_org_id,
                     who.c.user_id, message.kind, message.entity_type, message.entity_id,
                     case((english, message.subject_en), else_=message.subject_vi),
                     case((english, message.body_en), else_=message.body_vi),
                     literal("pending"), literal(0), now, now)
              .join(who, who.c.org_id == message.org_id))
    if dialect == "postgresql":
        # Rows already written are left out before the insert, not only skipped by it:
        # PostgreSQL draws an id for every row an INSERT tries, so a sweep that tried each
        # sent reminder again every minute would use the ids up. And two schedulers
        # writing the same keys take them in one order: one waits, neither deadlocks.
        fanned = (fanned.where(~exists().where(outbox.c.idempotency_key == key))
                  .order_by("idempotency_key"))
    else:
        # SQLite draws no id for a row it skips, so the insert's own check is enough, and
        # it lets one transaction write at a time; it reads ON CONFLICT after a join only
        # behind a WHERE.
        fanned = fanned.where(true())
    columns = ("idempotency_key", "channel", "recipient_org_id", "recipient_user_id", "kind",
               "entity_type", "entity_id", "subject", "body", "status", "attempts",
               "next_attempt_at", "created_at")
    insert = insert_ignoring_duplicates(dialect, outbox, "idempotency_key")
    # preserve_rowcount: SQLAlchemy keeps the count of an INSERT's rows only when asked.
    return insert.from_select(columns, fanned).execution_options(preserve_rowcount=True)
