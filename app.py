"""create_app: config -> extensions -> blueprints -> CLI."""
from babel import Locale
from flask import Flask, has_request_context, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

import config as app_config
from extensions import babel, csrf, db, login_manager, migrate

# Parsed once: Flask-Babel parses a code it is given on every request (and Babel may look
# for the locale's data file to do it); a Locale it is given it takes as it is.
LOCALES = {code: Locale.parse(code) for code in ("vi", "en")}


def select_locale():
    # Outside a request (a scheduler job, a CLI command) texts are Vietnamese: the message ids.
    if not has_request_context():
        return LOCALES["vi"]
    chosen = session.get("locale")
    if chosen not in LOCALES:
        chosen = request.accept_languages.best_match(list(LOCALES)) or "vi"
    return LOCALES[chosen]


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(app_config.INSTANCE_DIR))
    app.config.from_mapping(app_config.from_environment())
    if config:
        app.config.from_mapping(config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", app_config.engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"]))
    if app.config.get("TRUSTED_PROXIES"):
        # Only when proxies are declared (config.py): the client's address as they forward it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app_config.BASE_DIR / "migrations"),
                     render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_timezone=app.config["TIMEZONE"])

    from views import register_blueprints

    register_blueprints(app)
    from views import limits

    limits.init_app(app)  # after the blueprints: it limits their endpoints by name

    from commands import register_commands

    register_commands(app)
    return app
