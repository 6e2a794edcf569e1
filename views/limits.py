"""Rate limits on every endpoint that checks a password, per address and per account
(Flask-Limiter, its storage named by RATELIMIT_STORAGE_URI). The lockout
(workflows/operations/accounts.py) stops guessing one account's password; these stop one
address trying many accounts, and many addresses one account.

One Limiter per app, wrapped around the endpoints' views once the blueprints exist: the
tests build several apps, and a module-level Limiter keeps the last app's settings. The
per-account count is taken by the view once it has read the username (hit_account): the
API reads its JSON body itself, once, so a key function must not read it first."""
from flask import abort, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

# Endpoints that take a password (POST only: showing the form is not limited).
AUTH_ENDPOINTS = ("auth.login", "api.tokens", "accounts.password", "api.change_password")


def init_app(app) -> Limiter:
    limiter = Limiter(get_remote_address, app=app, default_limits=[],
                      storage_uri=app.config.get("RATELIMIT_STORAGE_URI", "memory://"),
                      key_prefix="ccn-auth")
    per_address = lambda: current_app.config["RATELIMIT_AUTH_PER_ADDRESS"]  # noqa: E731
    for endpoint in AUTH_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = limiter.limit(per_address, methods=["POST"])(view)
    app.extensions["auth_limiter"] = limiter
    return limiter


def hit_account(name) -> None:
    """Count one password attempt on the account `name`; 429 past the per-account limit."""
    limiter = current_app.extensions.get("auth_limiter")
    if limiter is None or not limiter.enabled:
        return
    item = parse(current_app.config["RATELIMIT_AUTH_PER_ACCOUNT"])
    if not limiter.limiter.hit(item, "ccn-auth-account", str(name).strip().lower()[:80]):
        abort(429)
