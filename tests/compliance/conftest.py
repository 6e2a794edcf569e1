"""Helpers for the wastewater compliance tests: a logged-in page client, device tokens for
monitoring stations, and the steps that take an inspection on site."""
import pytest


class Web:
    """The test client with a logged-in session (CSRF is off in the shared `app`)."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password="secret-pass"):
        from models import db

        db.session.commit()
        response = self.client.post("/login", data={"username": user.username,
                                                    "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return self


@pytest.fixture
def page(client):
    return Web(client)


@pytest.fixture
def device_token(db):
    """Issue a station token for a plant as the CLI does (only the hash is stored)."""
    import secrets

    from views.api.auth import token_hash

    def issue(plant):
        token = secrets.token_urlsafe(16)
        plant.device_token_hash = token_hash(token)
        db.session.commit()
        return token

    return issue


@pytest.fixture
def on_site(make):
    """An inspection of `cluster` under way, and its inspector."""
    def start(cluster, inspector=None):
        inspector = inspector or make.user("inspector")
        return make.inspection(cluster, inspector, state="in_progress"), inspector

    return start
