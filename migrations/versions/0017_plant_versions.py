"""plants carry a version, as clusters do

Two officials editing one plant's record: the later save is refused (the record changed
since it was read) instead of writing over the other's change. Every plant on record starts
at version 1.

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wastewater_plants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                      server_default='1'))


def downgrade():
    with op.batch_alter_table('wastewater_plants', schema=None) as batch_op:
        batch_op.drop_column('version')
