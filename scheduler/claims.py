"""Claiming work by inserting rows that carry a unique key: INSERT ... ON CONFLICT DO NOTHING
on both dialects. Whoever inserts the key owns the work; a second scheduler, or the same one
re-running after a restart, inserts nothing."""
from sqlalchemy.dialects import postgresql, sqlite


def _in_key_order(rows: list[dict], key: str) -> list[dict]:
    # Every node inserts in the same order, so two sweeps inserting the same keys wait on
    # each other instead of deadlocking.
    return sorted(rows, key=lambda row: row[key])


def _insert(session, table, key: str):
    insert = postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=[key])


def _dialect(session) -> str:
    return session.get_bind().dialect.name


def insert_ignoring_duplicates(session, table, rows: list[dict], key: str) -> list:
    """Insert the rows whose `key` is new; return the keys inserted."""
    if not rows:
        return []
    statement = _insert(session, table, key).returning(table.c[key])
    return list(session.scalars(statement, _in_key_order(rows, key)))
