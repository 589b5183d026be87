"""meetings (issue 13)

Revision ID: c4b7e1a5c3f8
Revises: c3a6d9f4b2e7
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'c4b7e1a5c3f8'
down_revision = 'c3a6d9f4b2e7'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the issue-13 work on this part


def downgrade():
    pass
