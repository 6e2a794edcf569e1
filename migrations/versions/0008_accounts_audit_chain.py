"""accounts and a hash-chained audit log

Users get a session version (logout, a password change or a deactivation ends every
session and token at once) and a must-change-password flag (an administrator's reset).
Audit rows get their place in their entity's chain, the previous row's hash and their own;
the rows already there are chained in id order.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), server_default='',
                                      nullable=False))
    _chain_existing_rows()
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('uq_audit_chain', ['entity_type', 'entity_id', 'seq'],
                              unique=True)


def _chain_existing_rows():
    from types import SimpleNamespace

    # The app's own hash, not a copy: `flask audit verify` checks these rows with it.
    from workflows.engine.audit import row_hash

    audit = sa.table('audit_log', *(sa.column(name) for name in (
        'id', 'entity_type', 'entity_id', 'workflow', 'trigger', 'from_state', 'to_state',
        'actor_id', 'comment', 'created_at', 'seq', 'prev_hash', 'row_hash')),
        sa.column('data', sa.JSON))
    connection = op.get_bind()
    update = audit.update().where(audit.c.id == sa.bindparam("b_id")).values(
        seq=sa.bindparam("b_seq"), prev_hash=sa.bindparam("b_prev"),
        row_hash=sa.bindparam("b_hash"))
    # Read in id order per chain and written back in batches: a log of millions of rows
    # never sits in memory whole. The ids are read first, so the updates do not disturb
    # the cursor on databases that cannot hold one open across writes (SQLite).
    ids = connection.execute(sa.select(audit.c.id).order_by(
        audit.c.entity_type, audit.c.entity_id, audit.c.id)).scalars().all()
    previous = None
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = {row.id: row for row in connection.execute(
            sa.select(audit).where(audit.c.id.in_(chunk))).mappings()}
        updates = []
        for row_id in chunk:
            entry = SimpleNamespace(**rows[row_id])
            if isinstance(entry.created_at, str):  # SQLite without the model's type
                from datetime import datetime

                entry.created_at = datetime.fromisoformat(entry.created_at)
            same = previous is not None and previous[:2] == (entry.entity_type,
                                                             entry.entity_id)
            entry.seq = previous[2] + 1 if same else 1
            entry.prev_hash = previous[3] if same else ""
            entry.row_hash = row_hash(entry, entry.prev_hash)
            updates.append({"b_id": entry.id, "b_seq": entry.seq, "b_prev": entry.prev_hash,
                            "b_hash": entry.row_hash})
            previous = (entry.entity_type, entry.entity_id, entry.seq, entry.row_hash)
        connection.execute(update, updates)


BATCH = 5000


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('uq_audit_chain')
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('session_version')
