"""Telling many organizations at once, for the sweep's reminders and the daily digest:
each message's texts are written once per language read, and the database fans them out to
each organization's recipients (models/recipients.py) by INSERT ... SELECT, as outbox rows
keyed <message key>:<recipient>, ON CONFLICT DO NOTHING: a message goes to a recipient
once, however often the job runs and however many schedulers run it.

Every recipient's row of a message is written by one statement, so whether a message went
out is told by one key, its organization's first recipient's (audience.Org.first):
`taken` reads those keys before anything is written, and a later run renders nothing."""
from contextlib import nullcontext
from functools import cache
from itertools import islice
from operator import itemgetter
from typing import Iterable

from psycopg import Pipeline
from sqlalchemy import (Column, Integer, MetaData, String, Table, Text, any_, bindparam, case,
                        cast, func, literal, select, true)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.schema import CreateTable

from models.base import UTCDateTime
from models.recipients import CHANNELS

# A message, as fan_out takes it: a dict of these (subject_en and body_en None where
# nobody reads English).
FIELDS = (("key", Text), ("org_id", Integer), ("kind", Text), ("entity_type", Text),
          ("entity_id", Integer), ("subject_vi", Text), ("body_vi", Text),
          ("subject_en", Text), ("body_en", Text))
CHUNK = 250  # messages per statement on PostgreSQL (about 500 outbox rows)


def key_order(key: str) -> str:
    """What callers sort messages by, so that their rows' keys (<key>:<recipient>) come in
    order too: "r:1:+1" sorts before "r:1:+10", yet "r:1:+10:u5" before "r:1:+1:u5"."""
    return key + ":"


def fan_out(session, messages: Iterable[dict], now, channels=CHANNELS) -> int:
    """Queue each message for its organization's recipients on `channels`; return how many
    outbox rows were new. Callers pass the messages in key_order (two schedulers then take
    the same keys in the same order, and wait on each other instead of deadlocking), as a
    generator where they are costly to write: PostgreSQL inserts one chunk while the next
    is being written."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _pipelined(connection, messages, UTCDateTime().process_bind_param(now, None),
                          tuple(channels))
    return _staged(connection, list(messages), now, tuple(channels))


def _pipelined(connection, messages: Iterable[dict], now, channels) -> int:
    """PostgreSQL: one INSERT ... SELECT FROM unnest(<arrays>) per chunk, sent through
    psycopg's pipeline, so each statement leaves as soon as its chunk is written and the
    server (on another core) inserts it while Python writes the next chunk's texts: a
    third less than writing everything, then inserting it. The results are read at the
    end of the pipeline; an error raises there, and the job's transaction rolls back.
    A libpq older than 14 has no pipeline: the chunks then go one after the other."""
    sql, constants = _from_arrays(channels)
    driver = connection.connection.driver_connection
    messages, cursors = iter(messages), []
    try:
        with driver.pipeline() if Pipeline.is_supported() else nullcontext():
            while chunk := list(islice(messages, CHUNK)):
                cursor = driver.cursor()
                cursors.append(cursor)
                cursor.execute(sql, {**constants, "now": now, **{
                    name: [message[name] for message in chunk] for name, _ in FIELDS}})
        return sum(cursor.rowcount for cursor in cursors)
    finally:
        for cursor in cursors:
            cursor.close()


# SQLite, in process and with one writer, gains nothing from chunks: the messages go into a
# temporary table (no index: the cheapest rows there are) by sqlite3's own executemany,
# and one INSERT ... SELECT fans them out.
STAGING = Table("outbox_staging", MetaData(), *(Column(name, kind) for name, kind in FIELDS),
                prefixes=["TEMPORARY"])


def _staged(connection, messages: list[dict], now, channels) -> int:
    if not messages:
        return 0
    connection.execute(CreateTable(STAGING, if_not_exists=True))  # one per connection
    connection.execute(STAGING.delete())
    names = [name for name, _ in FIELDS]
    # sqlite3's executemany over plain tuples: SQLAlchemy's per-row parameter handling
    # cost more than the insert itself (no value here needs a bind processor).
    connection.exec_driver_sql(
        f"INSERT INTO {STAGING.name} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' for _ in names)})", list(map(itemgetter(*names), messages)))
    return connection.execute(_from_staging(channels), {"now": now}).rowcount


def taken(session, keys: list[str]) -> set[str]:
    """The outbox keys among `keys` already taken."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # one array, not 1,000 parameters
        return set(connection.execute(_taken(True), {"keys": keys}).scalars())
    found = set()
    for start in range(0, len(keys), 5000):  # under SQLite's limit on parameters
        found.update(connection.execute(_taken(False),
                                        {"keys": keys[start:start + 5000]}).scalars())
    return found


# Statements are built once: constructing them costs more than running them.

@cache
def _taken(as_array: bool):
    from models import Notification

    key = Notification.__table__.c.idempotency_key
    wanted = (key == any_(bindparam("keys", type_=ARRAY(String))) if as_array
              else key.in_(bindparam("keys", expanding=True)))
    return select(key).where(wanted)


@cache
def _from_staging(channels: tuple[str, ...]):
    return _fan_out(STAGING, sqlite.insert, channels)


@cache
def _from_arrays(channels: tuple[str, ...]) -> tuple[str, dict]:
    """The PostgreSQL statement as the driver takes it: its SQL and its constant
    parameters (each execution adds the chunk's arrays and `now`)."""
    arrays = (func.unnest(*[cast(bindparam(name), ARRAY(kind)) for name, kind in FIELDS])
              .table_valued(*[name for name, _ in FIELDS]).render_derived(name="message"))
    compiled = _fan_out(arrays, postgresql.insert, channels).compile(
        dialect=postgresql.psycopg.dialect())
    per_execution = {name for name, _ in FIELDS} | {"now"}
    return str(compiled), {k: v for k, v in compiled.params.items() if k not in per_execution}


def _fan_out(messages, insert, channels: tuple[str, ...]):
    """One outbox row per recipient of each message, in the recipient's language."""
    from models import Notification
    from models.recipients import recipients

    who, message = recipients(channels), messages.c
    english = (who.c.locale == "en") & message.subject_en.is_not(None)
    now = bindparam("now", type_=UTCDateTime())
    key = (message.key + literal(":") + who.c.tag).label("idempotency_key")
    fanned = (select(key, who.c.channel, who.c.recipient_org_id, who.c.user_id, message.kind,
                     message.entity_type, message.entity_id,
                     case((english, message.subject_en), else_=message.subject_vi),
                     case((english, message.body_en), else_=message.body_vi),
                     literal("pending"), literal(0), now, now)
              .join(who, who.c.org_id == message.org_id)
              .where(true())  # SQLite reads ON CONFLICT after a join only behind a WHERE
              .order_by(key))  # every node inserts in key order: waits, never deadlocks
    columns = ("idempotency_key", "channel", "recipient_org_id", "recipient_user_id", "kind",
               "entity_type", "entity_id", "subject", "body", "status", "attempts",
               "next_attempt_at", "created_at")
    # preserve_rowcount: SQLAlchemy keeps the count of an INSERT's rows only when asked.
    return (insert(Notification.__table__).from_select(columns, fanned)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .execution_options(preserve_rowcount=True))
