"""jobs: look-ups a request queues for the mail worker (lost link, send confirmation again),
so the answer takes the same time whether an address is known or not (issue 9 §5)

Revision ID: e8b3f1a5c7d9
Revises: d4a9c2e7f1b3
Create Date: 2026-11-28 13:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'e8b3f1a5c7d9'
down_revision = 'd4a9c2e7f1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('followup_lost_link', 'signup_resend', name='jobkind', native_enum=False,
                              create_constraint=True, length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )


def downgrade():
    op.drop_table('jobs')
