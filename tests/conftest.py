"""Fixtures: app (per database backend), db (clean tables after each test), a movable
clock, factories, and an API client that authenticates as a given user.

Every test that uses `app` runs on SQLite, and also on PostgreSQL where
TEST_DATABASE_URL points at one (`.ci/run` does); tests marked `postgres_only` skip on SQLite."""
import functools
import os
import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from app import create_app
from models import db as _db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres_only: needs PostgreSQL (skips on SQLite)")


class Clock:
    """A real clock you can move: the app reads it through config['CLOCK']."""

    def __init__(self):
        self.now = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hanoi

    def __call__(self):
        return self.now

    def set(self, value: datetime):
        self.now = value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    else:
        url = PG_URL
    application = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": False, "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        # The suite logs in hundreds of times from one address, and moves its clock by days
        # between requests: tests/security turns these on where it tests them.
        "RATELIMIT_ENABLED": False, "SESSION_IDLE_MINUTES": 0,
    })
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def clock(app):
    c = Clock()
    app.config["CLOCK"] = c
    yield c
    app.config.pop("CLOCK", None)


_committed = {"flag": True}


@event.listens_for(Engine, "commit")
def _note_commit(conn):
    """Any commit, by a session or a bare connection, means the tables need cleaning."""
    _committed["flag"] = True


@pytest.fixture
def db(app, clock):
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        if not _committed["flag"]:
            return  # nothing reached the database: the rollback undid everything
        tables = list(reversed(_db.metadata.sorted_tables))
        with _db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(t.name for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for t in tables:
                    conn.execute(t.delete())
        _committed["flag"] = False


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@functools.cache
def _password_hash():
    from werkzeug.security import generate_password_hash

    return generate_password_hash("secret-pass")


class Factory:
    """create_* helpers with sensible Hanoi defaults; each flushes, none commits."""

    def __init__(self, db, clock):
        self.db, self.clock, self.n = db, clock, 0

    def _next(self):
        self.n += 1
        return self.n

    def org(self, kind="investor", code=None, **kw):
        from models import Organization

        n = self._next()
        org = Organization(code=code or f"ORG{n}", name_vi=kw.pop("name_vi", f"Tổ chức {n}"),
                           name_en=kw.pop("name_en", f"Organization {n}"), kind=kind, **kw)
        self.db.session.add(org)
        self.db.session.flush()
        return org

    def department(self):
        from models import Organization

        existing = Organization.query.filter_by(kind="industry_department").first()
        return existing or self.org("industry_department", code="SCT",
                                    name_vi="Sở Công Thương", name_en="Department of Industry and Trade")

    def user(self, role="manager", org=None, **kw):
        from models import User

        n = self._next()
        if org is None:
            org = self.department() if role != "investor" else self.org("investor")
        user = User(username=kw.pop("username", f"{role}{n}"), role=role, organization=org,
                    organization_id=org.id, full_name=kw.pop("full_name", f"{role} {n}"), **kw)
        user.password_hash = _password_hash()  # hashing costs ~0.1 s: once per session
        self.db.session.add(user)
        self.db.session.flush()
        return user

    def cluster(self, investor=None, stage="planned", compliance="compliant", **kw):
        from models import Cluster

        self.department()
        n = self._next()
        values = dict(code=f"CCN-{n:03d}", name=f"CCN thử nghiệm {n}", district="Thạch Thất",
                      commune="Phùng Xá", kind="regular", area_ha=Decimal("20"),
                      industrial_land_ha=Decimal("15"), leased_land_ha=Decimal("6"))
        values.update(kw)
        if investor is None:
            investor = self.org("investor")
        cluster = Cluster(investor=investor, investor_id=investor.id, stage=stage,
                          compliance=compliance, **values)
        self.db.session.add(cluster)
        self.db.session.flush()
        return cluster

    def plant(self, cluster, **kw):
        from models import WastewaterPlant

        # Recorded as an existing facility (operating since 2020): QCVN 40:2011 binds it
        # until 31/12/2031. A test of a new plant says existing_facility=False.
        values = dict(name="Trạm XLNT tập trung", capacity_m3_day=Decimal("500"),
                      standard_code="QCVN40:2011", standard_column="B",
                      receiving_body="river", receiving_flow_m3s=Decimal("30"),
                      discharge_flow_m3_day=Decimal("400"), existing_facility=True,
                      existing_basis="Đã vận hành từ năm 2020",
                      existing_basis_date=date(2020, 1, 1))
        values.update(kw)
        plant = WastewaterPlant(cluster=cluster, cluster_id=cluster.id, **values)
        self.db.session.add(plant)
        self.db.session.flush()
        return plant

    def inspection(self, cluster, inspector, state="planned", **kw):
        from workflows.operations.inspections import plan_inspection

        insp = plan_inspection(self.db.session, cluster, inspector, self.clock(),
                               kind=kw.pop("kind", "periodic"),
                               planned_date=kw.pop("planned_date", date(2026, 12, 3)), **kw)
        insp.state = state
        self.db.session.flush()
        return insp

    def violation(self, cluster, official, state="detected", **kw):
        from workflows.operations.violations import open_violation

        v = open_violation(self.db.session, cluster, official, self.clock(),
                           title=kw.pop("title", "Nước thải vượt quy chuẩn"), **kw)
        v.state = state
        self.db.session.flush()
        return v

    def obstacle(self, cluster, reporter, state="reported", responsible=None, **kw):
        from workflows.operations.obstacles import report_obstacle

        responsible = responsible or self.department()
        o = report_obstacle(self.db.session, cluster, reporter, self.clock(),
                            kind=kw.pop("kind", "land_clearance"),
                            title=kw.pop("title", "Vướng giải phóng mặt bằng 2 ha"),
                            responsible_org_id=responsible.id, **kw)
        o.state = state
        self.db.session.flush()
        return o


@pytest.fixture
def make(db, clock):
    return Factory(db, clock)


class Api:
    """The test client, speaking JSON with a bearer token for `user`."""

    def __init__(self, client):
        self.client, self.token = client, None

    def as_(self, user, password="secret-pass"):
        from models import db

        db.session.commit()
        response = self.client.post("/api/v1/tokens",
                                    json={"username": user.username, "password": password})
        assert response.status_code == 201, response.get_json()
        self.token = response.get_json()["token"]
        return self

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(), **kw)

    def post(self, url, json=None, **kw):
        record = url.removesuffix("/transitions")
        if (record != url or re.fullmatch(r"/api/v1/plants/\d+", url)) \
                and isinstance(json, dict) and "version" not in json \
                and "If-Match" not in kw.get("headers", {}):
            # A write to a versioned record (a transition, a plant's edit) requires the
            # version read (428 without): read it, as a client does.
            entity = self.client.get(record, headers=self._headers())
            if entity.status_code == 200:
                json = {**json, "version": entity.get_json()["version"]}
        return self.client.post(url, json=json, headers=self._headers(), **kw)


@pytest.fixture
def api(client):
    return Api(client)


class Web:
    """The test client with a logged-in session (CSRF is off in the shared `app`; the
    browser tests run their own server with CSRF on)."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password="secret-pass"):
        from models import db

        db.session.commit()
        response = self.client.post("/login", data={"username": user.username,
                                                    "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return self

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, **kw):
        return self.client.post(url, data=data or {}, **kw)

    def text(self, url, status=200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)


@pytest.fixture
def web(client):
    return Web(client)

