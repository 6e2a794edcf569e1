"""Helpers for the wastewater compliance tests: a logged-in page client, device tokens for
monitoring stations, and the steps that take an inspection on site."""
import pytest


@pytest.fixture
def page(web):
    return web


@pytest.fixture
def device_token(db):
    """Issue a station token for a plant as the CLI does (only the hash is stored)."""
    import secrets

    from workflows.operations.accounts import token_hash

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
