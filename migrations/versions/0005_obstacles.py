"""obstacles register

The obstacles (khó khăn, vướng mắc) that hold a cluster back, each with the organization
that must clear it, its due date and person in charge; the fifth workflow's entity.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'obstacles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('responsible_org_id', sa.Integer(), nullable=False),
        sa.Column('reported_by_id', sa.Integer(), nullable=True),
        sa.Column('reported_on', sa.Date(), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('person_in_charge', sa.String(length=120), nullable=True),
        sa.Column('resolved_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'],
                                name=op.f('fk_obstacles_cluster_id_clusters')),
        sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'],
                                name=op.f('fk_obstacles_reported_by_id_users')),
        sa.ForeignKeyConstraint(['responsible_org_id'], ['organizations.id'],
                                name=op.f('fk_obstacles_responsible_org_id_organizations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_obstacles')),
    )
    with op.batch_alter_table('obstacles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obstacles_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obstacles_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_obstacles_responsible_org_id'),
                              ['responsible_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obstacles_state'), ['state'], unique=False)


def downgrade():
    op.drop_table('obstacles')
