"""a holder's open deadlines are indexed with their id

The deadline board ranks each holder's open deadlines by due date, then id; with the id in
the partial index the ranking reads the index alone instead of every row it ranks.

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

OPEN = {"postgresql_where": sa.text("closed_at IS NULL"),
        "sqlite_where": sa.text("closed_at IS NULL")}


def upgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_deadlines_open_holder_due', **OPEN)
        batch_op.create_index('ix_deadlines_open_holder_due',
                              ['holder_org_id', 'due_date', 'id'], unique=False, **OPEN)


def downgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_deadlines_open_holder_due', **OPEN)
        batch_op.create_index('ix_deadlines_open_holder_due',
                              ['holder_org_id', 'due_date'], unique=False, **OPEN)
