"""Who is logged in, read afresh on every request without the ORM's price for it.

Flask-Login asks for the user on every page. The ORM get it had (the user joined to its
organization) was some 0.25 ms of a cached page's 1.5; one prebuilt Core statement reads the
same row for a quarter of that. The row is the user's state in the database now, so a
deactivation or a role change made by any process (another worker, the CLI) holds from the
very next request: nothing about the user is trusted from an earlier one.

The request still gets a real User in its own session (routes hand it to operations, which
flush beside it): session.merge(load=False), SQLAlchemy's way to place a cached object in a
session without a query, copies it from a detached template. Templates are kept per process,
keyed by the whole row, so a changed row can never match an old one; they are only read,
so the server's threads share them."""
import functools

from flask import g
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from models import Organization, User

TEMPLATES = 256  # distinct (user, row) pairs kept per process


def _columns(model):
    return [(attr.key, attr.columns[0]) for attr in inspect(model).column_attrs]


_USER, _ORG = _columns(User), _columns(Organization)
_ROW = len(_USER) + len(_ORG)
_extras = {}  # name -> scalar subquery read with the user: read_with_user()
_templates = {}  # the row -> its template; a plain dict, emptied when full


def read_with_user(name: str, subquery) -> None:
    """Have the user's statement also read `subquery` (scalar; it may use :user_id), for
    read(name) later in the same request. Every page wants a few such values (the data
    generation, the unread count): as columns of one statement they cost no round trip of
    their own. Under a threaded server each statement hands the GIL to another thread and
    waits to get it back, several context switches; that, not the SQL, was most of a
    cached page's time."""
    _extras[name] = subquery.label(name)
    _statement.cache_clear()


def read(name: str, otherwise):
    """The value read with this request's user, or otherwise() where there was none (no
    user yet, or one this session held already)."""
    values = g.get("_read_with_user")
    return values[name] if values and name in values else otherwise()


def forget_reads() -> None:
    # g belongs to the app context, which a request made inside an outer one (the tests'
    # `db` fixture) shares with the requests before it.
    g.pop("_read_with_user", None)


@functools.cache
def _statement():
    return (select(*(c for _, c in _USER), *(c for _, c in _ORG), *_extras.values())
            .join_from(User.__table__, Organization.__table__,
                       User.__table__.c.organization_id == Organization.__table__.c.id)
            .where(User.__table__.c.id == bindparam("user_id")))


def load_user(session, user_id: int) -> User | None:
    if identity_key(User, user_id) in session.identity_map:
        # This session has it already (a request made inside an outer context, as the
        # tests do): what the ORM would answer, refreshed if expired.
        return session.get(User, user_id)
    found = session.connection().execute(_statement(), {"user_id": user_id}).first()
    if found is None:
        return None
    row = tuple(found)
    g._read_with_user = dict(zip(_extras, row[_ROW:]))
    template = _templates.get(row[:_ROW])
    if template is None:
        if len(_templates) >= TEMPLATES:
            _templates.clear()
        template = _templates[row[:_ROW]] = _template(row)
    return session.merge(template, load=False)


def _template(row: tuple) -> User:
    organization = Organization(**{key: v for (key, _), v in
                                   zip(_ORG, row[len(_USER):_ROW])})
    user = User(**{key: v for (key, _), v in zip(_USER, row)}, organization=organization)
    make_transient_to_detached(organization)
    make_transient_to_detached(user)
    return user
