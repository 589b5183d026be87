"""consents (issue 14 §4)

A consent given on a form, with its wording, time and form; withdrawn by one click.

Revision ID: e1c4f7a0b3d6
Revises: c6d9a3c7e5b0
Create Date: 2026-11-30 05:10:08.609677+00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB with it)
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'e1c4f7a0b3d6'
down_revision = 'c6d9a3c7e5b0'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade():
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', _enum(('news',), 'consentpurpose'), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('form_slug', sa.String(length=50), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('field_key', sa.String(length=40), nullable=False),
    sa.Column('wording', sa.Text(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_via', _enum(('unsubscribe', 'answer', 'staff'), 'withdrawnvia'),
              nullable=True),
    sa.Column('signup_id', sa.Integer(), nullable=True),
    sa.Column('focus_areas', JSON, nullable=False),
    sa.Column('trade', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['signup_id'], ['signups.id'],
                            name=op.f('fk_consents_signup_id_signups'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_signup_id'), ['signup_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_signup_id'))
        batch_op.drop_index(batch_op.f('ix_consents_email'))
    op.drop_table('consents')
