"""a reminder is known sent by its outbox keys; users are found by organization

A reminder's rung is no longer claimed: each recipient's outbox row, keyed
reminder:<deadline>:<due date>:<offset>:<recipient>:<channel>, says it was sent, so the
rungs' claim rows go (the digest's stay). Every notice, reminder and digest joins the users
of an organization: ix_users_organization_id spares building that index at each sweep.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

claims = sa.table('notification_claims', sa.column('key', sa.String),
                  sa.column('created_at', sa.DateTime(timezone=True)))
REMINDER_KINDS = ("deadline_reminder", "deadline_escalation")


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organization_id'), ['organization_id'],
                              unique=False)
    op.execute(claims.delete().where(claims.c.key.like('reminder:%')))


def downgrade():
    # The claims again, from the outbox, as migration 0007 first filled them: without them
    # the claiming sweep would send every rung sent since once more.
    notifications = sa.table('notifications', sa.column('idempotency_key', sa.String),
                             sa.column('kind', sa.String),
                             sa.column('created_at', sa.DateTime(timezone=True)))
    claimed = {}
    for key, created_at in op.get_bind().execute(
            sa.select(notifications.c.idempotency_key, notifications.c.created_at)
            .where(notifications.c.kind.in_(REMINDER_KINDS))):
        claimed.setdefault(key.rsplit(":", 2)[0], created_at)
    if claimed:
        op.bulk_insert(claims, [{"key": k, "created_at": at} for k, at in claimed.items()])
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organization_id'))
