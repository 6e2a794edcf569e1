"""Every post form of the app, as each role finds it on its pages, posted with hostile
values in each field in turn (empty, 100k characters, NUL and control characters, numbers
past 64 bits, NaN, impossible dates, wrong choices, the field missing or sent twice, a
`version` that is no integer) and hostile files (control characters, 300 characters and
path traversal in the name; empty or garbage content). Never a server error; a refusal
re-renders the form with a message, and keeps what was typed; a field's refusal never
ends as a message flashed on another page with the input lost.

The forms are collected by crawling the pages of crawl_world.py (a new form is fuzzed
without a line here); each post runs under a savepoint undone after it, so one the app
accepts does not change the world the next post sees."""
import itertools
from collections import Counter
from urllib.parse import urlsplit

import pytest

from crawl_world import World
from hostile_values import (MISSING, PDF, TWICE, as_upload, baseline, hostile_files, next_guess,
                            values_for)
from html_forms import kept_values, messages, messages_beside, post_forms
from test_every_page_in_each_language import page_urls
from undone import undone
from views.web import WorkflowError
from workflows.engine.errors import Invalid

LOGINS = ("admin", "manager", "inspector", "investor", "commune", None)  # None: no login
REFUSED = (400, 409, 422)
# Values a re-rendered form shows as typed (a value with control characters or NUL is
# refused and shown cleaned, which is no loss).
KEEPABLE = ("text", "textarea", "search", "email", "number", "tel", "url", "date")


class ServerError:
    """What a 500 would have been: the exception the test app let through."""
    mimetype = "text/plain"
    status_code = 500

    def __init__(self, exc):
        self.exc = exc

    def get_data(self, as_text=False):
        return f"{type(self.exc).__name__}: {str(self.exc).splitlines()[0][:300]}"


class Fuzzer:
    def __init__(self, app, client, undo):
        self.app, self.client, self.undo = app, client, undo
        self.problems: list[str] = []
        self.posts = Counter()
        self.settled = Counter()  # {True: forms the page accepted as filled, False: refused}

    def open(self, method, url, **kw):
        """One request in its own app context (its own session, as under a server), its
        writes undone and the browser's cookies as they were (a logout or a password
        change would otherwise end the crawl's session)."""
        cookies = dict(self.client._cookies)
        try:
            with self.undo.step(), self.app.app_context():
                response = self.client.open(url, method=method, **kw)
        except Exception as exc:  # the test app lets a server error through, as raised
            response = ServerError(exc)
        self.client._cookies.clear()
        self.client._cookies.update(cookies)
        return response

    def post(self, form, data: dict, files: dict, what: str):
        self.posts[form.action] += 1
        payload = [(k, v) for k, values in data.items() for v in values]
        body = {}
        for k, v in payload:
            body.setdefault(k, []).append(v)
        for k, (filename, content) in files.items():
            body[k] = as_upload(filename, content)
        Invalid.seen = None
        response = self.open("POST", form.action, data=body,
                             content_type="multipart/form-data" if form.multipart or files
                             else "application/x-www-form-urlencoded")
        self.judge(form, data, response, what)
        return response

    def judge(self, form, data, response, what):
        where = f"POST {form.action} ({what}; form on {form.page})"
        status = response.status_code
        if status >= 500:
            self.problems.append(f"{status} on {where}: {response.get_data(as_text=True)[:300]}")
            return
        lost = getattr(Invalid, "seen", None)
        typed = [f for f in form.fields.values() if f.kind in KEEPABLE]
        if lost is not None and typed:  # a form of choices only loses nothing typed
            self.problems.append(f"a field's refusal flashed, the input lost, on {where}: "
                                 f"{lost}")
        if status not in REFUSED or response.mimetype != "text/html":
            return
        html = response.get_data(as_text=True)
        if not messages(html):
            self.problems.append(f"{status} without a message on {where}")
            return
        kept = kept_values(html, form.action)
        if kept is None:
            return
        for name, sent in data.items():
            f = form.fields.get(name)
            if f is None or f.kind not in KEEPABLE or len(sent) != 1 or name not in kept:
                continue
            typed = sent[0]
            if any(ord(c) < 32 and c not in "\t\r\n" for c in typed) or "\ufffd" in typed:
                continue
            if " ".join(kept[name].split()) != " ".join(typed.split()):
                self.problems.append(f"{name!r} lost on {where}: typed {typed[:40]!r}, "
                                     f"shown {kept[name][:40]!r}")


def forms_of(fuzzer, urls) -> list:
    found = []
    for url in urls:
        response = fuzzer.open("GET", url)
        if response.status_code >= 500:
            fuzzer.problems.append(f"{response.status_code} on GET {url}")
        if response.status_code == 200 and response.mimetype == "text/html":
            found += post_forms(response.get_data(as_text=True), url)
    return found


def form_key(app, form):
    """The same form on two pages (the language switch, a transition's form for two
    clusters) is fuzzed once."""
    adapter = app.url_map.bind("localhost")
    endpoint, args = adapter.match(urlsplit(form.action).path, method="POST")
    return (endpoint, args.get("trigger"), args.get("entity_type"),
            frozenset(form.fields), form.multipart)


def proper_files(form) -> dict:
    return {name: ("bao-cao.pdf", PDF) for name, f in form.fields.items() if f.kind == "file"}


def settled(fuzzer, form, rounds=4) -> dict:
    """The form as a careful user fills it: the page's own values, and a guess for each
    empty field, moved on while the page refuses it (so a hostile value is then judged
    on its own, not beside another field's refusal)."""
    sent = baseline(form)
    for _round in range(rounds):
        response = fuzzer.post(form, sent, proper_files(form), "as a careful user fills it")
        if response.status_code not in REFUSED:
            break
        html = response.get_data(as_text=True)
        refused = [name for name in form.fields if messages_beside(html, name)]
        moved = next_guess(form, sent, refused) if refused else None
        if moved is None:
            break
        sent = moved
    fuzzer.settled[response.status_code not in REFUSED] += 1
    return sent


def fuzz_form(fuzzer, form, field_numbers):
    base, files = settled(fuzzer, form), proper_files(form)
    for name, f in form.fields.items():
        number = next(field_numbers)
        if f.kind == "file":
            for filename, content in hostile_files(number):
                fuzzer.post(form, base, {**files, name: (filename, content)},
                            f"file {name}={filename[:40]!r} ({len(content)} bytes)")
            continue
        for value in values_for(number):
            data = dict(base)
            if value is MISSING:
                data.pop(name, None)
                what = f"{name} missing"
            elif value is TWICE:
                data[name] = ["1", "khác"]
                what = f"{name} twice"
            else:
                data[name] = [value]
                what = f"{name}={value[:40]!r}"
            fuzzer.post(form, data, files, what)


@pytest.fixture
def flashed_refusals(app, monkeypatch):
    """Notes an Invalid (a field's refusal) that reached the pages' handler, which can
    only flash it and go back: the typed values are lost on the way."""
    for handlers in app.error_handler_spec.values():
        for codes in handlers.values():
            handler = codes.get(WorkflowError)
            if handler is None:
                continue

            def noting(exc, handler=handler):
                if isinstance(exc, Invalid):
                    Invalid.seen = exc.errors
                return handler(exc)
            monkeypatch.setitem(codes, WorkflowError, noting)
    monkeypatch.setattr(Invalid, "seen", None, raising=False)


def test_no_form_gives_a_server_error_or_loses_the_input(app, make, db, clock,
                                                         flashed_refusals):
    world = World(app, make, db, clock).build()
    urls = page_urls(app, world, db.session)
    clients = {}
    for login in LOGINS:
        client = app.test_client()
        if login:
            response = client.post("/login", data={"username": world.users[login].username,
                                                   "password": "secret-pass"})
            assert response.status_code == 303, login
        clients[login] = client
    seen, fuzzed, field_numbers = set(), [], itertools.count()
    with undone(db) as undo:
        fuzzers = []
        for login in LOGINS:
            fuzzer = Fuzzer(app, clients[login], undo)
            fuzzers.append(fuzzer)
            for form in forms_of(fuzzer, urls if login else ["/login"]):
                key = form_key(app, form)
                if key in seen:
                    continue
                seen.add(key)
                fuzzed.append((login, form))
                fuzz_form(fuzzer, form, field_numbers)
    problems = [p for f in fuzzers for p in f.problems]
    posts = sum(sum(f.posts.values()) for f in fuzzers)
    fields = sum(len(form.fields) for _login, form in fuzzed)
    print(f"{len(fuzzed)} forms, {fields} fields, {posts} posts")
    # The crawl found the forms (a failed log-in would fuzz nothing and pass).
    assert len(fuzzed) > 30 and posts > 10 * len(fuzzed), (len(fuzzed), posts)
    if problems:
        unique = sorted(set(problems))
        pytest.fail(f"{len(unique)} problems:\n" + "\n".join(unique[:200]), pytrace=False)
