"""an entity's history is read by its chain's index

uq_audit_chain (entity_type, entity_id, seq) already orders each entity's rows, and
seq follows insertion as the id does: ix_audit_entity (entity_type, entity_id, id) only
made every audit row one index write more.

Revision ID: 0015
Revises: 0014
"""
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity_type', 'entity_id', 'id'], unique=False)
