"""A real server and a real browser: waitress on a free loopback port serving an app with
CSRF on and its own SQLite file, and Debian's Chromium driven by Playwright. Data is
built with the factories and committed before the browser looks at it."""
import os
import threading
from pathlib import Path

import pytest

from app import create_app
from models import db as _db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """Overrides the suite's `app` for these tests: CSRF on, a file database a second
    thread (the server) can share."""
    folder = tmp_path_factory.mktemp("browser")
    application = create_app({
        "TESTING": True, "SECRET_KEY": "browser-test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'web.sqlite'}",
        "WTF_CSRF_ENABLED": True, "UPLOAD_DIR": str(folder / "uploads"),
        # Dozens of logins a minute from one address, and clocks moved by days:
        # tests/security tests the rate limits and the idle timeout.
        "RATELIMIT_ENABLED": False, "SESSION_IDLE_MINUTES": 0,
    })
    with application.app_context():
        _db.create_all()
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="session")
def server(app):
    from waitress.server import create_server

    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{wsgi.effective_port}"
    wsgi.close()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """One person's browser tab. Every request the page makes is recorded so the test
    can check that nothing leaves the app's own server."""

    def __init__(self, browser, base, viewport="desktop"):
        self.base = base
        self.context = browser.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN",
                                           timezone_id="Asia/Ho_Chi_Minh")
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def login(self, user, password="secret-pass"):
        page = self.go("/login")
        page.fill("[name=username]", user.username)
        page.fill("[name=password]", password)
        page.click("form button.primary")
        page.wait_for_load_state()
        assert "/login" not in page.url, page.inner_text(".flash")
        return page

    def act(self, trigger, **fields):
        """Click an action button, fill its form, submit, and expect success."""
        page = self.page
        page.click(f"[data-trigger={trigger}]")
        for name, value in fields.items():
            page.fill(f"[name={name}]", value)
        page.click("form button.primary")
        page.wait_for_selector(".flash.success")
        return page

    def shot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def outside_requests(self):
        return [u for u in self.requests
                if not u.startswith(self.base + "/") and not u.startswith("data:")]

    def close(self):
        self.context.close()


@pytest.fixture
def people(browser, server, db):
    """people(viewport) opens a tab; at the end every tab must have asked only our server
    and logged no script error (a blocked script or style shows up there)."""
    opened = []

    def open_tab(viewport="desktop"):
        tab = Session(browser, server, viewport)
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        outside, errors = tab.outside_requests(), tab.errors
        tab.close()
        assert not outside, f"requests outside {server}: {outside}"
        assert not errors, f"errors in the page: {errors}"
