"""Who is logged in, read afresh on every request without the ORM's price for it.

Flask-Login asks for the user on every page. The ORM get it had (the user joined to its
organization) was some 0.25 ms of a cached page's 1.5; one prebuilt Core statement reads the
same row for a fifth of that. The row is the user's state in the database now, so a
deactivation or a role change made by any process (another worker, the CLI) holds from the
very next request: nothing about the user is trusted from an earlier one.

The request still gets a real User in its own session (routes hand it to operations, which
flush beside it): session.merge(load=False), SQLAlchemy's way to place a cached object in a
session without a query, copies it from a detached template. Templates are kept per process,
keyed by the whole row, so a changed row can never match an old one; they are only read,
so the server's threads share them."""
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from models import Organization, User

from .page_cache import LRU

TEMPLATES = 256  # distinct (user, row) pairs kept per process


def _columns(model):
    return [(attr.key, attr.columns[0]) for attr in inspect(model).column_attrs]


_USER, _ORG = _columns(User), _columns(Organization)
_READ = (select(*(c for _, c in _USER), *(c for _, c in _ORG))
         .join_from(User.__table__, Organization.__table__,
                    User.__table__.c.organization_id == Organization.__table__.c.id)
         .where(User.__table__.c.id == bindparam("user_id")))
_templates = LRU(TEMPLATES)


def load_user(session, user_id: int) -> User | None:
    if identity_key(User, user_id) in session.identity_map:
        # This session has it already (a request made inside an outer context, as the
        # tests do): what the ORM would answer, refreshed if expired.
        return session.get(User, user_id)
    row = session.connection().execute(_READ, {"user_id": user_id}).first()
    if row is None:
        return None
    template = _templates.get(row, None)
    if template is None:
        template = _template(row)
        _templates.put(row, template)
    return session.merge(template, load=False)


def _template(row) -> User:
    values = tuple(row)
    organization = Organization(**{key: v for (key, _), v in
                                   zip(_ORG, values[len(_USER):])})
    user = User(**{key: v for (key, _), v in zip(_USER, values)}, organization=organization)
    make_transient_to_detached(organization)
    make_transient_to_detached(user)
    return user
