"""The app as a server runs it: `make run` serves wsgi:serving_app with waitress, and
bench/pages.py settles the app it measures the same way. Not in create_app, which the
tests call many times in one process."""
import gc

from app import create_app


def settle(app):
    """Once the app is built, before it serves: move every object alive now (modules,
    mappers, compiled templates, ~100,000 of them) out of the cyclic garbage collector's
    reach with gc.freeze(). They live as long as the process, yet every full collection
    walked them all again (~50 ms, in the middle of somebody's request)."""
    gc.collect()
    gc.freeze()
    return app


def serving_app():
    return settle(create_app())
