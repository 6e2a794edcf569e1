"""Claiming work by inserting rows that carry a unique key: INSERT ... ON CONFLICT DO NOTHING
on both dialects. Whoever inserts the key owns the work; a second scheduler, or the same one
re-running after a restart, inserts nothing. Also: a batch written fast into a table whose
keys cannot clash (the fan-out's staging table)."""
from operator import itemgetter

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


def bulk_insert(session, table, rows: list[dict]) -> int:
    """Rows into a table whose keys cannot clash (a staging table): COPY on PostgreSQL,
    sqlite3's own executemany on SQLite."""
    if not rows:
        return 0
    if _dialect(session) == "postgresql":
        return _copy(session, table.name, list(rows[0]), rows)
    return _sqlite_executemany(session, table, rows)


def _copy(session, table_name: str, names: list[str], rows: list[dict]) -> int:
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY {table_name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in map(itemgetter(*names), rows):
            copy.write_row(row)
    return len(rows)


def _sqlite_executemany(session, table, rows: list[dict]) -> int:
    """sqlite3's own executemany over plain tuples, each value passed through its column's
    bind processor (dates, times): SQLAlchemy's per-row parameter handling cost more than
    the insert itself. sqlite3 counts the rows an executemany inserted."""
    connection = session.connection()
    dialect = connection.dialect
    compiled = table.insert().values({name: None for name in rows[0]}).compile(dialect=dialect)
    names = compiled.positiontup
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                  for name in names]
    values = [list(row) for row in map(itemgetter(*names), rows)]
    for i, process in enumerate(processors):
        if process is not None:
            for value in values:
                value[i] = process(value[i])
    return connection.exec_driver_sql(str(compiled), list(map(tuple, values))).rowcount
