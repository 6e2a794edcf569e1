"""Blueprints: thin routes over workflows/."""


def register_blueprints(app):
    from . import ids, ops, transaction

    ids.init_app(app)  # before the blueprints: their rules read the converters as built
    from .api import bp as api_bp

    ops.init_app(app)  # first: its after_request runs last, timing the commit too
    transaction.init_app(app)
    app.register_blueprint(api_bp)
    from extensions import csrf

    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, not cookies

    from .web import register_web

    register_web(app)

    from . import admin, calendar_feed

    for bp in (admin.bp, calendar_feed.bp):  # the scheduler's pages
        app.register_blueprint(bp)

    from flask import request
    from werkzeug.exceptions import HTTPException

    from .api.errors import http_json_error

    @app.errorhandler(HTTPException)
    def api_paths_answer_json(exc):
        # Routing errors (404, 405) happen before a blueprint is chosen.
        if request.path.startswith("/api/"):
            return http_json_error(exc)
        if exc.code is None or exc.code < 400:
            return exc
        from .web.errors import error_page

        return error_page(exc)  # in the app's layout, with a way back
