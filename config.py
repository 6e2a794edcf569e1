"""Configuration from the environment. Defaults are for a developer's SQLite database;
production (APP_ENV=production) refuses to start without the settings it cannot guess."""
import os
from pathlib import Path

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
        # A monitoring station's readings over the standard for this long open a violation.
        "MONITORING_EXCEEDANCE_MINUTES": int(env.get("MONITORING_EXCEEDANCE_MINUTES", "120")),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": env.get("TZ", "Asia/Ho_Chi_Minh"),
    }


def engine_options(database_url: str) -> dict:
    """A ping at each checkout (pool_pre_ping) finds a PostgreSQL connection the server
    closed meanwhile. A SQLite file has no server to close it, and the ping was one more
    statement on every request: under a threaded server each statement hands the GIL to
    another thread and waits to get it back."""
    return {"pool_pre_ping": not database_url.startswith("sqlite")}

