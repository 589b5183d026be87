"""uploaded files (issue 14 §3)

Files people attach to a sign-up's `file` field: one row per stored file (the file itself
lives under a random name in UPLOADS_DIR, intake/files/storage.py).

Revision ID: c6d9a3c7e5b0
Revises: c5c8f2b6d4a9
Create Date: 2026-11-30 02:05:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c6d9a3c7e5b0'
down_revision = 'c5c8f2b6d4a9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'uploaded_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('storage_name', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('form_slug', sa.String(length=50), nullable=False),
        sa.Column('signup_id', sa.Integer(), nullable=False),
        sa.Column('field_key', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['signup_id'], ['signups.id'],
                                name=op.f('fk_uploaded_files_signup_id_signups'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_uploaded_files')),
        sa.UniqueConstraint('storage_name', name=op.f('uq_uploaded_files_storage_name')),
    )
    with op.batch_alter_table('uploaded_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploaded_files_signup_id'), ['signup_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('uploaded_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploaded_files_signup_id'))
    op.drop_table('uploaded_files')
