"""Telling many organizations at once, for the sweep's reminders and the daily digest:
each message's texts are written once per language read and staged; one INSERT ... SELECT
then fans them out to each organization's recipients (models/recipients.py) as outbox rows
keyed <message key>:<recipient>, ON CONFLICT DO NOTHING: a message goes to a recipient
once, however often the job runs and however many schedulers run it.

The statement writes every recipient's row of a message at once, so whether a message went
out is told by one key, its organization's first recipient's (audience.Org.first):
`taken` reads those keys before anything is written, and a later run renders nothing."""
from functools import cache

from sqlalchemy import (Column, Integer, MetaData, String, Table, Text, any_, bindparam, case,
                        literal, select, true)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.schema import CreateTable

from models.base import UTCDateTime
from models.recipients import CHANNELS

from .outbox import bulk_insert

# The messages being claimed, with their texts: a temporary table (no log, no index, no
# foreign key: the cheapest rows there are), filled in one batch, fanned out from by one
# INSERT ... SELECT, emptied at the commit (PostgreSQL) or before the next claim (SQLite).
STAGING = Table("outbox_staging", MetaData(),
                Column("key", String(120)), Column("org_id", Integer),
                Column("kind", String(40)), Column("entity_type", String(20)),
                Column("entity_id", Integer),
                Column("subject_vi", String(300)), Column("body_vi", Text),
                Column("subject_en", String(300)), Column("body_en", Text),
                prefixes=["TEMPORARY"], postgresql_on_commit="DELETE ROWS")


def fan_out(session, messages: list[dict], now, channels=CHANNELS) -> int:
    """Queue each message (a dict of STAGING's columns; subject_en/body_en None where
    nobody reads English) for its organization's recipients on `channels`; return how
    many outbox rows were new."""
    if not messages:
        return 0
    session.execute(CreateTable(STAGING, if_not_exists=True))  # one per connection
    session.execute(STAGING.delete())
    bulk_insert(session, STAGING, messages)
    statement = _fan_out(session.get_bind().dialect.name, tuple(channels))
    return session.execute(statement, {"now": now}).rowcount


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


# Both statements are built once: constructing them costs more than running them.

@cache
def _taken(as_array: bool):
    from models import Notification

    key = Notification.__table__.c.idempotency_key
    wanted = (key == any_(bindparam("keys", type_=ARRAY(String))) if as_array
              else key.in_(bindparam("keys", expanding=True)))
    return select(key).where(wanted)


@cache
def _fan_out(dialect: str, channels: tuple[str, ...]):
    """One outbox row per recipient of each staged message, in the recipient's language."""
    from models import Notification
    from models.recipients import recipients

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
              .where(true())  # SQLite reads ON CONFLICT after a join only behind a WHERE
              .order_by(key))  # every node inserts in key order: waits, never deadlocks
    columns = ("idempotency_key", "channel", "recipient_org_id", "recipient_user_id", "kind",
               "entity_type", "entity_id", "subject", "body", "status", "attempts",
               "next_attempt_at", "created_at")
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # preserve_rowcount: SQLAlchemy keeps the count of an INSERT's rows only when asked.
    return (insert(Notification.__table__).from_select(columns, fanned)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .execution_options(preserve_rowcount=True))
