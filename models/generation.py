"""The data generation: a token that changes in the same transaction as every write, so a
page cache can key on it (views.web.page_cache) and never serve numbers older than the data.

One row. The hook below stamps a fresh token at the end of every Session transaction that
wrote to a table a page could show, in that transaction: a reader that sees the new token
sees the data it stands for, on SQLite and PostgreSQL alike, in every process (web workers,
the scheduler). The hook is on the Session class, so no route or operation has to remember
it. Writes made on a bare Connection (bench/pages.py's bulk load) bypass it.

A random token rather than a counter: a counter restarts when the table is emptied (the
tests do it after each test) or rewinds when a backup is restored, and an entry cached
under an old count would then match again."""
import secrets
from itertools import chain

from sqlalchemy import BigInteger, TextClause, event, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import db

ROW_ID = 1
# Tables no cached page reads and that are written all day long (logins, heartbeats, the
# outbox, monitoring stations): a write to them alone keeps the token.
IGNORED = frozenset({"data_generation", "users", "api_tokens", "calendar_feeds",
                     "notifications", "scheduler_heartbeats", "plant_readings"})
_WROTE = "data_generation.wrote"
_UPSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class DataGeneration(db.Model):
    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


_READ_TOKEN = select(DataGeneration.__table__.c.token).where(
    DataGeneration.__table__.c.id == ROW_ID)


def current_token(session) -> int | None:
    """None before the first write (or right after the tables were emptied): nothing to
    key a cache on, so callers compute afresh. Read on every cached page, hence a prebuilt
    Core statement on the session's connection: a fifth of the cost of an ORM select."""
    return session.connection().execute(_READ_TOKEN).scalar()


def stamp(session) -> None:
    """A new token, in the session's transaction. An upsert: the row may not exist yet and
    two first writers must not collide on its primary key."""
    token = secrets.randbits(62)
    table = DataGeneration.__table__
    dialect = session.get_bind().dialect.name
    if dialect in _UPSERT:
        session.execute(_UPSERT[dialect](table).values(id=ROW_ID, token=token)
                        .on_conflict_do_update(index_elements=["id"], set_={"token": token}))
        return
    if not session.execute(table.update().values(token=token)).rowcount:
        session.execute(insert(table).values(id=ROW_ID, token=token))


def _table_of(obj) -> str | None:
    return getattr(type(obj), "__tablename__", None)


@event.listens_for(Session, "after_flush")
def _note_flush(session, flush_context):
    if session.info.get(_WROTE):
        return
    # Still the flush's own lists here: what it inserted, updated and deleted.
    if any(_table_of(o) not in IGNORED
           for o in chain(session.new, session.dirty, session.deleted)):
        session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state):
    """Bulk UPDATE/INSERT/DELETE statements run through session.execute, not the flush."""
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(getattr(statement, "table", None), "name", None)
        if table not in IGNORED:
            state.session.info[_WROTE] = True
    elif isinstance(statement, TextClause) and statement.text.lstrip()[:6].upper() in (
            "INSERT", "UPDATE", "DELETE"):
        state.session.info[_WROTE] = True  # raw SQL: assume it matters


@event.listens_for(Session, "before_commit")
def _stamp_on_commit(session):
    # The commit's own flush runs after this hook: flush now so its writes are noted.
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.pop(_WROTE, False):
        stamp(session)


@event.listens_for(Session, "after_transaction_end")
def _forget(session, transaction):
    if transaction.parent is None:  # the outermost transaction ended (commit or rollback)
        session.info.pop(_WROTE, None)
