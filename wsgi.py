"""The app as a server runs it: `make run` serves wsgi:serving_app with waitress, and
bench/pages.py settles the app it measures the same way. Not in create_app, which the
tests call many times in one process."""
from app import create_app, settle


def serving_app():
    return settle(create_app())
