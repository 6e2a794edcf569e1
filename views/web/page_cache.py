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
CSRF token, no user name, no flash message; those are base.html's. page() keeps the whole
page as well, per user row, language and unread count, with each request's CSRF token and
path filled in, and renders it afresh while a flash message waits."""
import threading
from collections import OrderedDict

from flask import current_app, render_template, request, session
from flask_login import current_user
from markupsafe import Markup, escape

from sqlalchemy import select

from models import db
from models.generation import ROW_ID, DataGeneration, current_token

from ..clock import today
from . import identity
from . import chrome
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
    store = _store()
    value = store.get(key)
    if value is _MISSING:
        value = compute()
        store.put(key, value)
    return value


_SLOT = "\x00body\x00"  # no page writes a NUL
_TOKEN, _NEXT = b"\x00csrf\x00", b"\x00next\x00"


def _store(name: str = "page_cache") -> LRU:
    # One cache per app, not per module: the tests run two apps (SQLite, PostgreSQL).
    return current_app.extensions.get(name) or current_app.extensions.setdefault(
        name, LRU(current_app.config.get("PAGE_CACHE_SIZE", DEFAULT_SIZE)))


def page(template: str, body: bytes):
    """render_template(template, body=...) for a body from the cache, kept encoded.

    The whole page is kept too, per what base.html shows around the body: the language,
    the section, the user's row as the navigation shows it, the unread count. Only the
    CSRF token and the path to come back to (the language switch's `next`) differ between
    two requests with the same key; they are cut out of the kept copy and filled in on
    each request. A request with flash messages to show is rendered afresh."""
    if "_flashes" in session or not current_user.is_authenticated or \
            not current_app.config.get("PAGE_CACHE_SIZE", DEFAULT_SIZE):
        return _response(_render(template, body))
    from .notifications import unread_notifications

    user = current_user
    key = ("page", template, body, request.blueprint, request.script_root, lang(), user.id,
           user.role, user.full_name, user.username, user.organization.name_vi,
           unread_notifications())
    store = _store("page_cache_pages")  # apart: one user's pages must not push bodies out
    kept = store.get(key)
    token = chrome.csrf_token().encode()
    back = _back_field()
    if kept is _MISSING:
        html = _render(template, body)
        kept = html.replace(token, _TOKEN).replace(back, _NEXT)
        if _TOKEN not in kept or _NEXT not in kept:
            return _response(html)  # base.html no longer shows them as expected: keep none
        store.put(key, kept)
    return _response(kept.replace(_TOKEN, token).replace(_NEXT, back))


def _render(template: str, body: bytes) -> bytes:
    head, _, tail = render_template(template, body=Markup(_SLOT)).partition(_SLOT)
    return b"".join((head.encode(), body, tail.encode()))


def _back_field() -> bytes:
    """The language switch's hidden `next`, as base.html writes it."""
    return f'name="next" value="{escape(request.full_path)}"'.encode()


def _response(html: bytes):
    # One piece: waitress wakes its sending thread for each piece an app hands it.
    return current_app.response_class(html, mimetype="text/html")
