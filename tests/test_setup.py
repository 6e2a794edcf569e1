"""Set-up a new user relies on: configuration, migrations, the CLI and the demo data."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

import config
from app import create_app
from models import Cluster, Inspection, Obstacle, User, Violation, db


def test_production_refuses_to_start_without_secrets():
    with pytest.raises(config.ConfigError, match="SECRET_KEY, DATABASE_URL"):
        config.from_environment({"APP_ENV": "production"})
    settings = config.from_environment({"APP_ENV": "production", "SECRET_KEY": "s",
                                        "DATABASE_URL": "postgresql+psycopg://x@y/z"})
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert settings["TIMEZONE"] == "Asia/Ho_Chi_Minh"


def test_the_public_address_is_read_and_checked():
    assert config.from_environment({})["PUBLIC_BASE_URL"] is None
    settings = config.from_environment({"PUBLIC_BASE_URL": "https://ccn.hanoi.gov.vn/app/"})
    assert settings["PUBLIC_BASE_URL"] == "https://ccn.hanoi.gov.vn/app/"
    for wrong in ("ccn.hanoi.gov.vn", "ftp://ccn.hanoi.gov.vn", "https://"):
        with pytest.raises(config.ConfigError, match="PUBLIC_BASE_URL"):
            config.from_environment({"PUBLIC_BASE_URL": wrong})


def test_connections_are_pinged_only_where_a_server_can_close_them(tmp_path):
    options = config.engine_options("postgresql+psycopg://u@h/db")
    assert options["pool_pre_ping"] is True  # and an unreachable server fails in seconds:
    assert options["connect_args"] == {"connect_timeout": 5}
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": False}


def test_migrations_build_exactly_the_models_schema(tmp_path):
    """`flask db upgrade` on an empty SQLite database gives the schema the models declare."""
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        engine = create_engine(url)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        engine.dispose()
    assert diff == []


def test_users_create_reads_the_password_from_stdin(runner, db, make):
    make.department()
    db.session.commit()
    result = runner.invoke(args=["users", "create", "lan", "--role", "manager", "--org", "SCT"],
                           input="mat-khau-dai\nmat-khau-dai\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "lan"))
    assert user.role == "manager" and user.check_password("mat-khau-dai")
    again = runner.invoke(args=["users", "create", "lan", "--role", "manager", "--org", "SCT"],
                          input="mat-khau-dai\nmat-khau-dai\n")
    assert again.exit_code != 0 and "exists already" in again.output
    bad_org = runner.invoke(args=["users", "create", "x", "--role", "manager", "--org", "NOPE"],
                            input="mat-khau-dai\nmat-khau-dai\n")
    assert bad_org.exit_code != 0 and "no organization" in bad_org.output


def test_demo_load_is_idempotent_and_covers_every_state(runner, db):
    from workflows.engine.registry import WORKFLOWS

    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "quanly" in first.output and "Demo@2026" in first.output
    counts = (db.session.scalar(select(func.count()).select_from(Cluster)),
              db.session.scalar(select(func.count()).select_from(Violation)))
    second = runner.invoke(args=["demo", "load"])
    assert "already loaded" in second.output
    assert counts == (db.session.scalar(select(func.count()).select_from(Cluster)),
                      db.session.scalar(select(func.count()).select_from(Violation)))
    old = db.session.scalars(select(Cluster).where(
        func.extract("year", Cluster.establishment_date).between(2018, 2020))).all()
    assert len(old) == 43
    assert sum(c.infrastructure_started_on is not None for c in old) == 20
    assert {v.state for v in db.session.scalars(select(Violation))} == \
        {s.name for s in WORKFLOWS["violation"].states}
    assert {i.state for i in db.session.scalars(select(Inspection))} == \
        {s.name for s in WORKFLOWS["inspection"].states}
    assert {o.state for o in db.session.scalars(select(Obstacle))} == \
        {s.name for s in WORKFLOWS["obstacle"].states}


def test_the_served_app_is_the_one_create_app_builds():
    import wsgi

    app = wsgi.serving_app()
    assert app.name == "app" and "clusters.index" in app.view_functions


def test_the_audit_chain_migration_chains_the_rows_already_there(tmp_path):
    """Rows written before the audit log was chained get their place, previous hash and
    own hash from migration 0008, in id order per entity, so `flask audit verify` passes."""
    from datetime import datetime, timezone

    from flask_migrate import upgrade
    from sqlalchemy import text

    from workflows.engine.audit import verify

    url = f"sqlite:///{tmp_path / 'chained.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            for i, (kind, entity) in enumerate([("violation", 1), ("cluster", 2),
                                                ("violation", 1), ("violation", 3)]):
                conn.execute(text(
                    "INSERT INTO audit_log (entity_type, entity_id, workflow, \"trigger\", "
                    "from_state, to_state, comment, data, created_at) VALUES (:k, :e, 'w', "
                    "'t', '', '', '', '{}', :at)"),
                    {"k": kind, "e": entity,
                     "at": datetime(2026, 1, 1, i, tzinfo=timezone.utc).isoformat()})
        upgrade()
        checked, problems = verify(db.session)
        seqs = db.session.execute(text("SELECT entity_type, entity_id, seq FROM audit_log "
                                       "ORDER BY id")).all()
        db.session.remove()
        db.engine.dispose()
    assert (checked, problems) == (4, [])
    assert [tuple(r) for r in seqs] == [("violation", 1, 1), ("cluster", 2, 1),
                                        ("violation", 1, 2), ("violation", 3, 1)]
