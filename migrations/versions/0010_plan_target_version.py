"""plan targets carry a version

A year's targets are edited by the department in the browser and the API: a version
column lets the second of two managers editing the same target be told rather than
overwrite the first.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.drop_column('version')
