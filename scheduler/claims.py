"""Claiming work by inserting rows that carry a unique key: INSERT ... ON CONFLICT DO NOTHING
on both dialects. Whoever inserts the key owns the work; a second scheduler, or the same one
re-running after a restart, inserts nothing."""
from sqlalchemy.dialects import postgresql, sqlite


def insert_ignoring_duplicates(dialect: str, table, key: str):
    """INSERT INTO `table` that skips a row whose `key` is taken, on the database named by
    `dialect` (SQLAlchemy's construct is the dialect's own)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=[key])


def claim(session, table, rows: list[dict], key: str) -> list:
    """Insert the rows whose `key` is new; return the keys inserted. Rows go in key order,
    so two schedulers claiming the same keys wait on each other instead of deadlocking."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    statement = insert_ignoring_duplicates(dialect, table, key).returning(table.c[key])
    return list(session.scalars(statement, sorted(rows, key=lambda row: row[key])))
