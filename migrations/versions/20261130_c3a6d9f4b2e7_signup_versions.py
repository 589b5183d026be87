"""signup versions (issue 13): the earlier answers of a sign-up, kept on every change

Revision ID: c3a6d9f4b2e7
Revises: c2f5b8e3a1d6
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'c3a6d9f4b2e7'
down_revision = 'c2f5b8e3a1d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'signup_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('signup_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('form_version', sa.Integer(), nullable=False),
        sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'),
                  nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('changed_by', sa.String(length=20), nullable=False),
        sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['signup_id'], ['signups.id'],
                                name=op.f('fk_signup_versions_signup_id_signups'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signup_versions')),
        sa.UniqueConstraint('signup_id', 'version',
                            name=op.f('uq_signup_versions_signup_id_version')),
    )
    with op.batch_alter_table('signup_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signup_versions_signup_id'), ['signup_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_signup_versions_email'), ['email'], unique=False)


def downgrade():
    with op.batch_alter_table('signup_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signup_versions_email'))
        batch_op.drop_index(batch_op.f('ix_signup_versions_signup_id'))
    op.drop_table('signup_versions')
