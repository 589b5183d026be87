"""form invitations (issue 13)

Revision ID: c5c8f2b6d4a9
Revises: c4b7e1a5c3f8
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'c5c8f2b6d4a9'
down_revision = 'c4b7e1a5c3f8'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the issue-13 work on this part


def downgrade():
    pass
