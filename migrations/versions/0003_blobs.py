"""blobs: stored files' bytes by content hash, in the application's own database

Evidence files (and generated papers) are kept as rows keyed by their SHA-256, so every
web host serves every file and a database backup holds them. Files already under
UPLOAD_DIR are moved in by `flask --app app storage import-uploads` (the migration cannot
know where each host kept them).

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'blobs',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs')),
    )


def downgrade():
    op.drop_table('blobs')
