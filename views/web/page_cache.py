"""A small per-process cache for the parts of pages that are the same for everybody who
sees them (the dashboard, the deadline board, the cluster list): each is computed once per
data generation instead of once per request.

Correct with several workers and a scheduler writing in another process, because the key
starts with the data generation's token (models.generation), read from the database on
every request before anything is computed: any commit that wrote changes the token, so the
next request misses and computes afresh. The token is read before the data, so an entry is
never older than its key says (the data may be newer; the next token fixes that).

The rest of the key is what else the content depends on: today in Hanoi (the board's
windows, overdue counts), the page's language (labels are rendered in), the viewer's scope
(officials see everything, an investor its organization's part) and the caller's own parts
(filters, page number). Content must not depend on anything else about the request: no
CSRF token, no user name, no flash message; those stay in base.html, rendered per request."""
import threading
from collections import OrderedDict

from flask import current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from sqlalchemy import select

from models import db
from models.generation import ROW_ID, DataGeneration, current_token

from ..clock import today
from . import identity
from .filters import lang

DEFAULT_SIZE = 128  # entries per process; a board is ~40 KB of HTML
_MISSING = object()
# The token, read by the logged-in user's statement (views/web/identity.py), which comes
# before any of the page's data: still read before the data, as the key needs.
identity.read_with_user("data_generation", select(DataGeneration.__table__.c.token).where(
    DataGeneration.__table__.c.id == ROW_ID).scalar_subquery())


class LRU:
    """A bounded dict, least recently used out first; waitress serves from several threads."""

    def __init__(self, size: int):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=_MISSING):
        with self._lock:
            value = self._entries.get(key, default)
            if value is not default:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)


def viewer_scope():
    """Whose view this is: everything for officials, one organization's for an investor."""
    return "all" if current_user.sees_everything else ("organization",
                                                        current_user.organization_id)


def cached(name: str, *parts, compute):
    """compute(), or the value it returned for the same key since the last write.

    PAGE_CACHE_SIZE = 0 turns the cache off (bench/pages.py --cold measures the pages
    without it). Before the first write there is no token to key on: compute afresh."""
    size = current_app.config.get("PAGE_CACHE_SIZE", DEFAULT_SIZE)
    token = identity.read("data_generation", lambda: current_token(db.session)) \
        if size else None
    if token is None:
        return compute()
    key = (name, token, today(), lang(), viewer_scope(), *parts)
    # One cache per app, not per module: the tests run two apps (SQLite, PostgreSQL).
    store = current_app.extensions.get("page_cache") or \
        current_app.extensions.setdefault("page_cache", LRU(size))
    value = store.get(key)
    if value is _MISSING:
        value = compute()
        store.put(key, value)
    return value


_SLOT = "\x00body\x00"  # no page writes a NUL


def page(template: str, body: bytes):
    """render_template(template, body=...) for a body from the cache, kept encoded: the page
    around it is rendered per request (base.html: the user's navigation, the CSRF token),
    while the body, UTF-8 encoded once when it was cached, goes out as it is. Encoding a
    board's 40 KB of Vietnamese on every request cost more than rendering base.html."""
    head, _, tail = render_template(template, body=Markup(_SLOT)).partition(_SLOT)
    # One piece: waitress wakes its sending thread for each piece an app hands it.
    return current_app.response_class(b"".join((head.encode(), body, tail.encode())),
                                      mimetype="text/html")

