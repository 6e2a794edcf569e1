"""Claiming work by inserting rows that carry a unique key: INSERT ... ON CONFLICT DO NOTHING
on both dialects. Whoever inserts the key owns the work; a second scheduler, or the same one
re-running after a restart, inserts nothing."""
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.visitors import InternalTraversal


class _IgnoringDuplicates(ClauseElement):
    """ON CONFLICT (<key>) DO NOTHING, written alike by SQLite and PostgreSQL. Unlike the
    dialects' own on_conflict_do_nothing it has a cache key, so a statement built once is
    compiled once: SQLAlchemy compiles the dialects' inserts afresh at every execution, and
    for the fan-out's INSERT ... SELECT that costs more than running it."""
    __visit_name__ = "ignoring_duplicates"
    _traverse_internals = [("key", InternalTraversal.dp_string)]

    def __init__(self, key: str):
        self.key = key


@compiles(_IgnoringDuplicates)
def _ignoring_duplicates(element, compiler, **kw):
    return f"ON CONFLICT ({compiler.preparer.quote(element.key)}) DO NOTHING"


class InsertIgnoringDuplicates(Insert):
    """INSERT INTO `table` that skips a row whose `key` is taken."""
    inherit_cache = True

    def __init__(self, table, key: str):
        super().__init__(table)
        self._post_values_clause = _IgnoringDuplicates(key)


def claim(session, table, rows: list[dict], key: str) -> list:
    """Insert the rows whose `key` is new; return the keys inserted. Rows go in key order,
    so two schedulers claiming the same keys wait on each other instead of deadlocking."""
    if not rows:
        return []
    statement = InsertIgnoringDuplicates(table, key).returning(table.c[key])
    return list(session.scalars(statement, sorted(rows, key=lambda row: row[key])))
