"""The `browser` marker for the web pages' tests (the logged-in `web` client is in
tests/conftest.py)."""
import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright against a real server")
