"""Configuration from the environment. Defaults are for a developer's SQLite database;
production (APP_ENV=production) refuses to start without the settings it cannot guess."""
import os
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL")


class ConfigError(RuntimeError):
    pass


def from_environment(env=os.environ) -> dict:
    production = env.get("APP_ENV", "development") == "production"
    if production:
        missing = [name for name in REQUIRED_IN_PRODUCTION if not env.get(name)]
        if missing:
            raise ConfigError(
                "Missing required environment variable(s) in production: "
                + ", ".join(missing)
                + ". Set them before starting the app (see README.md)."
            )
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": env.get("SECRET_KEY", "dev-only-not-secret"),
        "SQLALCHEMY_DATABASE_URI": env.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ccn.sqlite'}"
        ),
        "TIMEZONE": env.get("TZ", "Asia/Ho_Chi_Minh"),
        "MAIL_SERVER": env.get("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "false").lower() == "true",
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "ccn@localhost"),
        # JSON bodies larger than this are refused with 413 before they are parsed.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(16 * 1024 * 1024))),
        "API_TOKEN_TTL_HOURS": int(env.get("API_TOKEN_TTL_HOURS", "720")),
        # Evidence files live outside static/ and are served only after a permission check.
        "UPLOAD_DIR": env.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        "UPLOAD_MAX_BYTES": int(env.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))),
        # Where stored files' bytes live (workflows/operations/storage.py): "database" (a
        # table beside the data, the default) or "s3" (an S3-compatible store, via boto3).
        "STORAGE_BACKEND": env.get("STORAGE_BACKEND", "database"),
        "STORAGE_S3_BUCKET": env.get("STORAGE_S3_BUCKET", ""),
        "STORAGE_S3_PREFIX": env.get("STORAGE_S3_PREFIX", ""),
        "STORAGE_S3_ENDPOINT_URL": env.get("STORAGE_S3_ENDPOINT_URL", ""),
        # Who may read /metrics: these addresses or networks, or whoever sends the token.
        "METRICS_ALLOWED_IPS": env.get("METRICS_ALLOWED_IPS", "127.0.0.1,::1"),
        "METRICS_TOKEN": env.get("METRICS_TOKEN", ""),
        # /readyz is not ready when the scheduler leader's last beat is older than this
        # (seconds); 0 leaves the scheduler out of readiness.
        "READY_HEARTBEAT_MAX_AGE": int(env.get("READY_HEARTBEAT_MAX_AGE", "60")),
        # A monitoring station's readings over the standard for this long open a violation.
        "MONITORING_EXCEEDANCE_MINUTES": int(env.get("MONITORING_EXCEEDANCE_MINUTES", "120")),
        # Sessions: the cookie never reaches scripts or other sites' requests, travels only
        # over HTTPS in production, and a session idle this long ends (0: never).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", "30")),
        # Rate limits on the authentication endpoints (Flask-Limiter), per address and per
        # account. Their counters live in Redis when RATELIMIT_STORAGE_URI names one (shared
        # by every worker and host), else in each process's memory (docs/security.md).
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_AUTH_PER_ADDRESS": rate_limit(env, "RATELIMIT_AUTH_PER_ADDRESS",
                                                 "30 per minute"),
        "RATELIMIT_AUTH_PER_ACCOUNT": rate_limit(env, "RATELIMIT_AUTH_PER_ACCOUNT",
                                                 "10 per minute", single=True),
        # How many reverse proxies stand in front of the app. With N, the client's address
        # (for the rate limits, the logs, the audit and /metrics) is the Nth entry from the
        # right of X-Forwarded-For; with 0 the header is ignored: believed with no proxy in
        # front, it would let any client pick its own address.
        "TRUSTED_PROXIES": trusted_proxies(env),
        # The address users open the app at: the papers' QR codes and the e-mails' links.
        "PUBLIC_BASE_URL": public_base_url(env),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": env.get("TZ", "Asia/Ho_Chi_Minh"),
    }


def trusted_proxies(env) -> int:
    value = (env.get("TRUSTED_PROXIES") or "0").strip()
    if not (value.isascii() and value.isdigit()):
        raise ConfigError(f"TRUSTED_PROXIES must be the number of reverse proxies in front of "
                          f"the app (0, 1, 2...), not {value!r}")
    return int(value)


def public_base_url(env) -> str | None:
    value = (env.get("PUBLIC_BASE_URL") or "").strip()
    if not value:
        return None
    where = urlsplit(value)
    if where.scheme not in ("http", "https") or not where.netloc or where.query:
        raise ConfigError(f"PUBLIC_BASE_URL must be the address users open the app at, "
                          f"such as 'https://ccn.hanoi.gov.vn', not {value!r}")
    return value


def rate_limit(env, name: str, default: str, single: bool = False) -> str:
    """The limit as written, once the `limits` library reads it: a typo found only at the
    first login would turn every login into a server error. The per-account limit is one
    item (views/limits.py counts one); the per-address one may list several."""
    value = env.get(name) or default
    try:
        items = parse_many(value)
    except ValueError:
        items = []
    if not items or (single and len(items) != 1):
        raise ConfigError(f"{name} must be {'one rate limit' if single else 'a rate limit'} "
                          f"such as '10 per minute', not {value!r}")
    return value


def engine_options(database_url: str) -> dict:
    """A ping at each checkout (pool_pre_ping) finds a PostgreSQL connection the server
    closed meanwhile. A SQLite file has no server to close it, and the ping was one more
    statement on every request: under a threaded server each statement hands the GIL to
    another thread and waits to get it back."""
    if database_url.startswith("sqlite"):
        return {"pool_pre_ping": False}
    # SQLAlchemy's own defaults unless set: a web worker serves THREADS requests at once
    # and needs no more connections than that (docs/deploy.md: pool sizes).
    return {"pool_pre_ping": True,
            "pool_size": int(os.environ.get("DB_POOL_SIZE", "5")),
            "max_overflow": int(os.environ.get("DB_MAX_OVERFLOW", "10")),
            # An unreachable server fails a request (and /readyz) in seconds, not minutes.
            "connect_args": {"connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))}}



if __name__ == "__main__":
    # `make serve` and `make scheduler` ask before starting: one line saying what is
    # missing rather than a traceback from inside the server.
    import sys

    try:
        from_environment()
    except ConfigError as exc:
        sys.exit(f"Refusing to start: {exc}")
