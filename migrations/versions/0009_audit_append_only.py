"""the application's role may read and add audit rows, never change or delete them

On PostgreSQL with two roles (docs/security.md: an owner that runs the migrations, and the
role the application connects as, named in DB_APP_ROLE), the application's role keeps
SELECT and INSERT on audit_log and loses UPDATE, DELETE and TRUNCATE. Without DB_APP_ROLE,
on SQLite, or where that role owns the table or is a superuser (whom no REVOKE binds), this
does nothing and says so: append-only then rests on the application alone.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 00:40:00

"""
import os

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _app_role():
    """The application's role when a REVOKE would bind it, else None (with the reason)."""
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return None, "not PostgreSQL"
    role = os.environ.get("DB_APP_ROLE", "").strip()
    if not role:
        return None, "DB_APP_ROLE is not set (one role owns and uses the tables)"
    row = connection.execute(sa.text(
        "SELECT r.rolsuper, pg_get_userbyid(c.relowner) = r.rolname AS owns "
        "FROM pg_roles r, pg_class c WHERE r.rolname = :role AND c.relname = 'audit_log' "
        "AND c.relkind = 'r' AND pg_table_is_visible(c.oid)"), {"role": role}).first()
    if row is None:
        raise RuntimeError(f"DB_APP_ROLE={role!r}: no such role")
    if row.rolsuper or row.owns:
        return None, f"{role} is a superuser or owns audit_log: no REVOKE binds it"
    return role, ""


def upgrade():
    role, why = _app_role()
    if role is None:
        print(f"audit_log append-only grants skipped: {why}")
        return
    quoted = op.get_bind().dialect.identifier_preparer.quote(role)
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {quoted}")
    op.execute(f"GRANT SELECT, INSERT ON audit_log TO {quoted}")
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE audit_log_id_seq TO {quoted}")


def downgrade():
    role, _why = _app_role()
    if role is not None:
        quoted = op.get_bind().dialect.identifier_preparer.quote(role)
        op.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO {quoted}")
