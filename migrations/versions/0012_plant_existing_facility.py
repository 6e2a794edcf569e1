"""plants record whether they are an existing facility, and why

QCVN 40:2025/BTNMT binds new projects from 1/9/2025; existing facilities keep QCVN 40:2011
until 31/12/2031. The trigger for "existing" is not confirmed, so each plant records it with
the event that qualified it and that event's date.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wastewater_plants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('existing_facility', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('existing_basis', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('existing_basis_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('wastewater_plants', schema=None) as batch_op:
        batch_op.drop_column('existing_basis_date')
        batch_op.drop_column('existing_basis')
        batch_op.drop_column('existing_facility')
