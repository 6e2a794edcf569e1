"""plants record their column under QCVN 40:2025

The columns of QCVN 40:2025/BTNMT (A, B, C) have a meaning that is not confirmed, so a
plant's 2025 column is recorded, never derived from its QCVN 40:2011 column; a plant bound by
2025 is not evaluated until it is. Empty for every plant already on record.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wastewater_plants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('successor_column', sa.String(length=1), nullable=True))


def downgrade():
    with op.batch_alter_table('wastewater_plants', schema=None) as batch_op:
        batch_op.drop_column('successor_column')
