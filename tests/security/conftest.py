"""Security tests: an app of their own where a setting differs from the shared one (rate
limits on, production cookies), built on a fresh SQLite file."""
import pytest

from app import create_app
from models import db as _db


@pytest.fixture
def own_app(tmp_path):
    """create_app(overrides) on a fresh SQLite database, tables made; yields the app."""
    apps = []

    def build(**overrides):
        config = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'own{len(apps)}.sqlite'}",
                  "UPLOAD_DIR": str(tmp_path / "uploads")}
        config.update(overrides)
        application = create_app(config)
        with application.app_context():
            _db.create_all()
        apps.append(application)
        return application

    yield build
    for application in apps:
        with application.app_context():
            _db.session.remove()
            _db.engine.dispose()
