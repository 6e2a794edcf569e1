"""Helpers for the web pages' tests: a logged-in test client (CSRF is off in the shared
`app`; the browser tests run their own server with CSRF on), and the `browser` marker."""
import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright against a real server")


class Web:
    def __init__(self, client):
        self.client = client

    def login(self, user, password="secret-pass"):
        from models import db

        db.session.commit()
        response = self.client.post("/login", data={"username": user.username,
                                                    "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return self

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, **kw):
        return self.client.post(url, data=data or {}, **kw)

    def text(self, url, status=200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)


@pytest.fixture
def web(client):
    return Web(client)
