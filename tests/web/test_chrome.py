"""base.html's remembered parts (views/web/chrome.py): the navigation rendered once per
language, role and section; URLs built once per prefix; the signed CSRF token reused for a
minute. Each must still answer what rendering afresh would."""
import re

from flask_wtf.csrf import validate_csrf

from views.web import chrome


def nav(page: str) -> list[str]:
    found = re.search(r'<nav class="mainnav".*?</nav>', page, re.S)
    return re.findall(r'href="([^"]+)" class="(on)?"', found.group(0)) if found else []


def test_the_navigation_follows_role_section_and_language(web, make):
    web.login(make.user("manager"))
    assert nav(web.text("/clusters")) == [("/dashboard", ""), ("/clusters", "on"),
                                          ("/inspections", ""), ("/violations", ""),
                                          ("/deadlines", "")]
    assert ("/deadlines", "on") in nav(web.text("/deadlines"))
    web.post("/logout")
    web.login(make.user("investor", org=make.org("investor")))
    page = web.text("/clusters")
    assert nav(page) == [("/clusters", "on"), ("/violations", ""), ("/deadlines", "")]
    assert "Cụm công nghiệp</a>" in page
    web.post("/language/en")
    assert "Industrial clusters</a>" in web.text("/clusters")


def test_links_follow_the_prefix_the_app_is_served_under(web, make):
    web.login(make.user("manager"))
    prefixed = web.get("/clusters", base_url="http://localhost/ccn/").get_data(as_text=True)
    assert 'href="/ccn/static/css/app.css' in prefixed and 'href="/ccn/clusters"' in prefixed
    plain = web.text("/clusters")
    assert 'href="/static/css/app.css' in plain and "/ccn/" not in plain


def tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', page))


def test_a_reused_csrf_token_is_the_sessions_own_and_valid(app, make, db, monkeypatch):
    user = make.user("manager")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        client.post("/login", data={"username": user.username, "password": "secret-pass"})

    def page_tokens(client, url="/clusters"):
        with app.app_context():  # each request its own context (and g), as under a server
            return tokens(client.get(url).get_data(as_text=True))

    mine = page_tokens(first)
    assert len(mine) == 1 and page_tokens(first, "/deadlines") == mine  # reused
    theirs = page_tokens(second)
    assert len(theirs) == 1 and theirs != mine  # each session its own
    with first.session_transaction() as session:
        raw = session["csrf_token"]
    with app.test_request_context("/"):
        from flask import session

        session["csrf_token"] = raw
        validate_csrf(next(iter(mine)))  # raises if the session would refuse it
    # After REISSUE_AFTER a new one is signed (same second, same text: look at its time).
    signed = dict(app.extensions["chrome_csrf"])
    monkeypatch.setattr(chrome, "REISSUE_AFTER", 0)
    page_tokens(first)
    key = next(k for k in signed if k[1] == raw)
    assert app.extensions["chrome_csrf"][key][0] > signed[key][0]
