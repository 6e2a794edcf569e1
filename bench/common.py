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


def load_holders(session, count: int, locale=lambda n: "vi") -> None:
    """The department (id 1) and `count` investors (ids 2..count + 1), each with one user
    who has an e-mail address: the holders the scheduler benches remind."""
    from sqlalchemy import insert

    from models import Organization, User

    session.execute(insert(Organization.__table__), [
        {"code": "SCT", "name_vi": "Sở Công Thương", "name_en": "DOIT",
         "kind": "industry_department", "active": True}] + [
        {"code": f"CDT{n}", "name_vi": f"Chủ đầu tư {n}", "name_en": f"Investor {n}",
         "kind": "investor", "active": True} for n in range(count)])
    session.execute(insert(User.__table__), [
        {"username": f"cdt{n}", "password_hash": "x", "full_name": f"Người dùng {n}",
         "email": f"cdt{n}@example.vn", "role": "investor", "organization_id": n + 2,
         "locale": locale(n), "active": True, "failed_logins": 0} for n in range(count)])


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
