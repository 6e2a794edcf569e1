"""Claiming work by inserting rows that carry a unique key: INSERT ... ON CONFLICT DO NOTHING
on both dialects. Whoever inserts the key owns the work; a second scheduler, or the same one
re-running after a restart, inserts nothing. Also: who receives what an organization is sent."""
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from models.recipients import CHANNELS, LOCALES, recipients


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


def count_inserted_ignoring_duplicates(session, table, rows: list[dict], key: str) -> int:
    """The same for a batch of thousands, returning only how many rows went in
    (RETURNING a batch costs several times more). SQLite takes a plain executemany, whose
    rowcount counts the rows inserted. On PostgreSQL the batch is COPYed into a temporary
    table and inserted by one INSERT ... SELECT ... ON CONFLICT DO NOTHING, whose rowcount
    counts what went in."""
    if not rows:
        return 0
    rows = _in_key_order(rows, key)
    if _dialect(session) != "postgresql":
        return _sqlite_executemany(session, _insert(session, table, key), table, rows)
    names = list(rows[0])
    staging = f"staging_{table.name}"
    columns = ", ".join(names)
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS "
                       f"AS SELECT {columns} FROM {table.name} WITH NO DATA")
        _copy(session, staging, names, rows)
        cursor.execute(f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {staging} "
                       f"ORDER BY {key} ON CONFLICT ({key}) DO NOTHING")
        inserted = cursor.rowcount
        cursor.execute(f"TRUNCATE {staging}")  # a second batch in this transaction
    return inserted


def bulk_insert(session, table, rows: list[dict]) -> int:
    """Rows into a table whose keys cannot clash (a staging table): COPY on PostgreSQL,
    sqlite3's own executemany on SQLite."""
    if not rows:
        return 0
    if _dialect(session) == "postgresql":
        return _copy(session, table.name, list(rows[0]), rows)
    return _sqlite_executemany(session, table.insert(), table, rows)


def _copy(session, table_name: str, names: list[str], rows: list[dict]) -> int:
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY {table_name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in map(itemgetter(*names), rows):
            copy.write_row(row)
    return len(rows)


def _sqlite_executemany(session, insert, table, rows: list[dict]) -> int:
    """sqlite3's own executemany over plain tuples, each value passed through its column's
    bind processor (dates, times): SQLAlchemy's per-row parameter handling cost more than
    the insert itself. sqlite3 counts the rows an executemany inserted."""
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert.values({name: None for name in rows[0]}).compile(dialect=dialect)
    names = compiled.positiontup
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                  for name in names]
    values = [list(row) for row in map(itemgetter(*names), rows)]
    for i, process in enumerate(processors):
        if process is not None:
            for value in values:
                value[i] = process(value[i])
    return connection.exec_driver_sql(str(compiled), list(map(tuple, values))).rowcount


class Recipient(NamedTuple):
    org_id: int
    user_id: int | None  # None: the organization's own address
    channel: str
    locale: str
    tag: str  # the recipient's part of an idempotency key: "u12:email", "o3:email"


class OrgInfo(NamedTuple):
    id: int
    kind: str
    parent_id: int | None
    name_vi: str
    name_en: str

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_vi


def locale_of(value: str | None) -> str:
    return value if value in LOCALES else "vi"


# Organizations and users number in the hundreds (Hanoi's departments, communes and
# investors): reading the active ones whole costs less than an IN list of a thousand ids,
# which each dialect binds one parameter at a time.

def organizations(session, org_ids=None) -> dict[int, OrgInfo]:
    from models import Organization

    rows = session.execute(select(Organization.id, Organization.kind, Organization.parent_id,
                                  Organization.name_vi, Organization.name_en))
    wanted = None if org_ids is None else set(org_ids)
    return {row.id: OrgInfo(*row) for row in rows if wanted is None or row.id in wanted}


def recipients_by_org(session, org_ids, channels=CHANNELS) -> dict[int, list[Recipient]]:
    """The recipients (models/recipients.py) of each organization, users first."""
    who = recipients(channels)
    result = {org_id: [] for org_id in set(org_ids)}
    rows = session.execute(select(who.c.org_id, who.c.user_id, who.c.channel, who.c.locale,
                                  who.c.tag)
                           .order_by(who.c.user_id.is_(None), who.c.user_id, who.c.channel))
    for row in rows:
        if row.org_id in result:
            result[row.org_id].append(Recipient(*row))
    return result


def supervisors(session, orgs: dict[int, OrgInfo]) -> dict[int, int]:
    """Who an escalation goes to: the organization's parent; where it has none, the
    industry department (the focal point); for the department itself, the city
    committee. Organizations with nobody above them are left out."""
    from models import Organization

    fallback = {}
    for kind in ("industry_department", "city_committee"):
        fallback[kind] = session.scalar(
            select(Organization.id).where(Organization.kind == kind,
                                          Organization.active.is_(True))
            .order_by(Organization.id).limit(1))
    result = {}
    for org in orgs.values():
        candidates = (org.parent_id, fallback["industry_department"], fallback["city_committee"])
        chosen = next((c for c in candidates if c is not None and c != org.id), None)
        if chosen is not None:
            result[org.id] = chosen
    return result
