"""inspections listed newest-planned first read an index, not a sort of every row

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_inspections_planned', 'inspections',
                    [sa.text('planned_date DESC'), 'id'], unique=False)


def downgrade():
    op.drop_index('ix_inspections_planned', table_name='inspections')
