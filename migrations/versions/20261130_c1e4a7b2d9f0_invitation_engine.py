"""invitation engine (issue 13)

Revision ID: c1e4a7b2d9f0
Revises: b7e3d1f9a2c4
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'c1e4a7b2d9f0'
down_revision = 'b7e3d1f9a2c4'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the issue-13 work on this part


def downgrade():
    pass
