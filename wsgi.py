"""The app as a server runs it: `make run` (waitress) and `make serve` (gunicorn) call
serving_app."""
from app import create_app


def serving_app():
    return create_app()
