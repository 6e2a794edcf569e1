"""Shared bench plumbing: a throwaway app on a database file, timing, and printing."""
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def make_app(url: str | None = None):
    from app import create_app
    from models import db

    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='ccn-bench-')) / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


@contextmanager
def timer(results: list):
    start = time.perf_counter()
    yield
    results.append(time.perf_counter() - start)


def report(title: str, rows: list[tuple[str, float, str]]):
    print(f"\n== {title}")
    for name, value, unit in rows:
        print(f"  {name:<58} {value:>12.3f} {unit}")


def median(values):
    return statistics.median(values)
