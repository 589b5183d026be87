"""outbox reply_to: the address a staff notification about a sign-up answers to

Revision ID: d4a9c2e7f1b3
Revises: c7d2e4f6a8b1
Create Date: 2026-11-28 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a9c2e7f1b3'
down_revision = 'c7d2e4f6a8b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=320), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('reply_to')
