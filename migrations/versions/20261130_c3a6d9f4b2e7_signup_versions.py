"""signup versions (issue 13)

Revision ID: c3a6d9f4b2e7
Revises: c2f5b8e3a1d6
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'c3a6d9f4b2e7'
down_revision = 'c2f5b8e3a1d6'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the issue-13 work on this part


def downgrade():
    pass
