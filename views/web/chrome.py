"""Fragments of base.html that are the same on every page with the same key: the brand and
the navigation differ only by language, role and section, yet rendering them (a dozen
url_for and _() calls) was a tenth of a cached page's work. base.html wraps them in

    {% call chrome('name', key...) %} ... {% endcall %}

and the body is rendered once per key and process. The key must name everything the body
depends on besides the URL prefix the app is served under, which is added here; anything
that belongs to one request (a CSRF token, the current path, a count) stays outside."""
import time

import flask
from flask import current_app, g, has_request_context, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .page_cache import LRU

SIZE = 256  # languages x roles x sections, with room to spare


def chrome(name: str, *key, caller) -> Markup:
    store = current_app.extensions.get("chrome") or \
        current_app.extensions.setdefault("chrome", LRU(SIZE))
    full_key = (name, request.script_root, *key)
    fragment = store.get(full_key, None)
    if fragment is None:
        fragment = Markup(caller())
        store.put(full_key, fragment)
    return fragment


URLS = 4096  # distinct (prefix, endpoint, arguments) remembered per process


def url_for(endpoint: str, **values) -> str:
    """flask.url_for for templates, each answer remembered: building a URL goes through
    werkzeug's builder, defaults and quoting, and base.html alone needs five per request.

    A path depends only on the URL map (fixed once the app is built), the prefix the app
    is served under and the arguments: this app has no url_defaults, no host or subdomain
    routing. Relative endpoints ('.detail') and the special arguments (_external, _anchor,
    ...) depend on more, and go to Flask every time, as does a URL built outside a request."""
    if endpoint[0] == "." or any(name[0] == "_" for name in values) or \
            not has_request_context():
        return flask.url_for(endpoint, **values)
    urls = current_app.extensions.get("chrome_urls")
    if urls is None:
        urls = current_app.extensions.setdefault("chrome_urls", {})
    try:
        key = (request.script_root, endpoint, *sorted(values.items()))
        url = urls.get(key)
    except TypeError:  # an argument that cannot be a key (a list): build it each time
        return flask.url_for(endpoint, **values)
    if url is None:
        if len(urls) >= URLS:
            urls.clear()  # a plain dict, no lock: a miss only costs a rebuild
        url = urls[key] = flask.url_for(endpoint, **values)
    return url


TOKENS = 4096  # sessions whose signed CSRF token is remembered per process
REISSUE_AFTER = 60  # seconds a signed token is handed out again before a fresh one


def csrf_token() -> str:
    """flask_wtf's generate_csrf for templates, its signed token reused for a minute.

    Signing the session's token (a serializer, a derived key, zlib, HMAC) was the
    costliest thing left in base.html, and it signs the same token with a new time on
    every page. Any signed token of the session's own token is valid until
    WTF_CSRF_TIME_LIMIT (an hour) after its time; one reused for at most REISSUE_AFTER
    seconds expires that much sooner, nothing else changes. Set on g, so the forms of the
    same request carry the same token, as they do with Flask-WTF alone."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    if token is not None:
        return token  # this request's, as generate_csrf would answer
    raw = session.get(field)
    if not isinstance(raw, str):
        return generate_csrf()  # the session's first: it creates the raw token
    tokens = current_app.extensions.get("chrome_csrf")
    if tokens is None:
        tokens = current_app.extensions.setdefault("chrome_csrf", {})
    key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
    signed_at, token = tokens.get(key, (None, None))
    now = time.monotonic()
    if signed_at is None or now - signed_at >= REISSUE_AFTER:
        token = generate_csrf()
        if len(tokens) >= TOKENS:
            tokens.clear()
        tokens[key] = (now, token)
    setattr(g, field, token)
    return token
