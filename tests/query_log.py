"""Counting the SQL a request runs (no page or list may run a query per row). A plain
module, not a conftest: test directories each have a conftest.py, so `conftest` is
ambiguous as a module name."""
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def recorded_statements(engine):
    """The SQL statements run on `engine` inside the block."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
