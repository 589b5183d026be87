"""inspiration sheets per focus area (issue 14 §3)

A PDF per focus area that staff publish on the public page; the file on disk under a random
name in UPLOADS_DIR (intake.files.storage).

Revision ID: e5a8d1e4f7b0
Revises: e4f7c0d3e6a9
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5a8d1e4f7b0'
down_revision = 'e4f7c0d3e6a9'
branch_labels = None
depends_on = None

AREAS = ('arbejdsliv', 'erhvervsliv', 'baeredygtige', 'rammer')


def upgrade():
    op.create_table('inspiration_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_area', sa.Enum(*AREAS, name='focusarea', native_enum=False,
                                    create_constraint=True, length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'],
                            name=op.f('fk_inspiration_sheets_created_by_staff_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by'], ['staff_users.id'],
                            name=op.f('fk_inspiration_sheets_published_by_staff_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspiration_sheets')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_inspiration_sheets_storage_name'))
    )
    with op.batch_alter_table('inspiration_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspiration_sheets_focus_area'), ['focus_area'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('inspiration_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspiration_sheets_focus_area'))
    op.drop_table('inspiration_sheets')
