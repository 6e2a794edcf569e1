"""clusters record whether they lie in a mountainous area

Decree 32/2024/NĐ-CP sizes a cluster at 10-75 ha, or 5-75 ha for a craft-village cluster or
one in a mountainous area; the establishment guard reads this recorded fact.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mountainous', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_column('mountainous')
