"""Telling many organizations at once, for the sweep's reminders and the daily digest.

Messages are staged in a temporary table (one per database connection, emptied before
each use): the digest stages the rows it wrote in Python (stage), the sweep selects its
reminders into it in the database (stage_from). claim_staged then claims the staged keys
nobody claimed before (a NotificationClaim per message key), and fan_out_staged writes
the claimed messages for each organization's recipients (models/recipients.py): one
INSERT ... SELECT writes an outbox row per recipient and channel, keyed <message
key>:<recipient>:<channel>, and skips keys already taken, so no recipient is sent a
message twice. The statements are the same on SQLite and PostgreSQL."""
from functools import cache

from sqlalchemy import (Column, Integer, MetaData, Table, Text, bindparam, case, literal, select,
                        true)
from sqlalchemy.schema import CreateTable

from models import Notification
from models.notifications import NotificationClaim
from models.base import UTCDateTime
from models.recipients import CHANNELS, recipients

from .claims import insert_ignoring_duplicates

# A message as staged: subject_en and body_en None where nobody reads English.
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
    return claim_staged(stage(session, [{"key": key} for key in keys]), now)


def fan_out(session, messages: list[dict], now, channels=CHANNELS) -> int:
    """Queue each message (a dict of FIELDS) for its organization's recipients on
    `channels`; return how many outbox rows were new."""
    if not messages:
        return 0
    return fan_out_staged(stage(session, messages), now, channels)


def stage(session, rows: list[dict]):
    """The session's connection, its staging table holding `rows` alone."""
    connection = _emptied(session)
    connection.execute(STAGING.insert(), rows)
    return connection


def stage_from(session, messages, params: dict):
    """The session's connection, its staging table holding what the select `messages`
    returns (its columns named as FIELDS); and how many rows that is."""
    connection = _emptied(session)
    columns = [column.name for column in messages.selected_columns]
    staged = connection.execute(STAGING.insert().from_select(columns, messages)
                                .execution_options(preserve_rowcount=True), params)
    return connection, staged.rowcount


def _emptied(session):
    connection = session.connection()
    connection.execute(CreateTable(STAGING, if_not_exists=True))
    connection.execute(STAGING.delete())
    return connection


def claim_staged(connection, now) -> list[str]:
    statement = _claim_from_staging(connection.dialect.name)
    return sorted(connection.execute(statement, {"now": now}).scalars())


def fan_out_staged(connection, now, channels=CHANNELS) -> int:
    statement = _from_staging(connection.dialect.name, tuple(channels))
    return connection.execute(statement, {"now": now}).rowcount


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
def _from_staging(dialect: str, channels: tuple[str, ...]):
    """One outbox row per recipient of each staged message, in the recipient's language.
    Built once per dialect and channels: the recipients union is costly to construct."""
    who, message = recipients(channels), STAGING.c
    english = (who.c.locale == "en") & message.subject_en.is_not(None)
    now = bindparam("now", type_=UTCDateTime())
    key = (message.key + literal(":") + who.c.tag).label("idempotency_key")
    fanned = (select(key, who.c.channel, who.c.recipient_org_id, who.c.user_id, message.kind,
                     message.entity_type, message.entity_id,
                     case((english, message.subject_en), else_=message.subject_vi),
                     case((english, message.body_en), else_=message.body_vi),
                     literal("pending"), literal(0), now, now)
              .join(who, who.c.org_id == message.org_id)
              # No order needed: only the claimer of a message writes its rows, so no two
              # nodes insert the same key at once, and none waits on another.
              .where(true()))  # SQLite reads ON CONFLICT after a join only behind a WHERE
    columns = ("idempotency_key", "channel", "recipient_org_id", "recipient_user_id", "kind",
               "entity_type", "entity_id", "subject", "body", "status", "attempts",
               "next_attempt_at", "created_at")
    insert = insert_ignoring_duplicates(dialect, Notification.__table__, "idempotency_key")
    # preserve_rowcount: SQLAlchemy keeps the count of an INSERT's rows only when asked.
    return insert.from_select(columns, fanned).execution_options(preserve_rowcount=True)
