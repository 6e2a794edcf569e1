"""generated papers: an attachment's kind, number and verification hash

A paper the product draws up (check record, violation record, penalty decision draft...) is
kept as an attachment of its entity. Its kind and number are listed by the API, and /verify
finds it by the hash its QR code prints or by the SHA-256 of its file.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 23:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('number', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('verify_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_attachments_verify_hash', ['verify_hash'], unique=False)
        batch_op.create_index('ix_attachments_sha256', ['sha256'], unique=False)


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_sha256')
        batch_op.drop_index('ix_attachments_verify_hash')
        batch_op.drop_column('verify_hash')
        batch_op.drop_column('number')
        batch_op.drop_column('kind')
