"""notification claims: a reminder's rung or a day's digest is claimed once

A message to an organization's recipients is claimed by a row keyed reminder:<deadline>:
<due date>:<offset> or digest:<day>:<org>; whoever inserts it writes the message. Claims
are filled in for the messages already in the outbox, so none is written again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

KINDS = ("deadline_reminder", "deadline_escalation", "deadline_digest")


def upgrade():
    claims = op.create_table(
        'notification_claims',
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_notification_claims')))
    # An outbox key is <message key>:<recipient>:<channel>.
    notifications = sa.table('notifications', sa.column('idempotency_key', sa.String),
                             sa.column('kind', sa.String),
                             sa.column('created_at', sa.DateTime(timezone=True)))
    connection = op.get_bind()
    rows = connection.execute(sa.select(notifications.c.idempotency_key,
                                        notifications.c.created_at)
                              .where(notifications.c.kind.in_(KINDS)))
    claimed = {}
    for key, created_at in rows:
        claimed.setdefault(key.rsplit(":", 2)[0], created_at)
    if claimed:
        op.bulk_insert(claims, [{"key": k, "created_at": at} for k, at in claimed.items()])


def downgrade():
    op.drop_table('notification_claims')
