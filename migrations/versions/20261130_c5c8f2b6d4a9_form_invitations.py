"""form invitations (issue 13)

A sending of a sign-up form to a list of people (form_sendings) and one invitation per
person (form_invitations, a kind of the engine's invitations).

Revision ID: c5c8f2b6d4a9
Revises: c4b7e1a5c3f8
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'c5c8f2b6d4a9'
down_revision = 'c4b7e1a5c3f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_sendings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('form_slug', sa.String(length=50), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reminder_days', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'),
                  nullable=False),
        sa.Column('sent_by', sa.String(length=254), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_sendings')),
    )
    with op.batch_alter_table('form_sendings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_sendings_form_slug'), ['form_slug'],
                              unique=False)
    op.create_table(
        'form_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sending_id', sa.Integer(), nullable=False),
        sa.Column('signup_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['id'], ['invitations.id'],
                                name=op.f('fk_form_invitations_id_invitations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sending_id'], ['form_sendings.id'],
                                name=op.f('fk_form_invitations_sending_id_form_sendings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signup_id'], ['signups.id'],
                                name=op.f('fk_form_invitations_signup_id_signups'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_invitations')),
    )
    with op.batch_alter_table('form_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_invitations_sending_id'), ['sending_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_form_invitations_signup_id'), ['signup_id'],
                              unique=False)


def downgrade():
    op.execute("DELETE FROM invitations WHERE kind = 'form'")
    with op.batch_alter_table('form_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_invitations_signup_id'))
        batch_op.drop_index(batch_op.f('ix_form_invitations_sending_id'))
    op.drop_table('form_invitations')
    with op.batch_alter_table('form_sendings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_sendings_form_slug'))
    op.drop_table('form_sendings')
