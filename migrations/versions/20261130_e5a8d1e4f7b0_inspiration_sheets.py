"""inspiration sheets per focus area (issue 14 §3)

Filled in by the inspiration helper (issue 14). Placeholder until then: upgrade and downgrade do nothing.

Revision ID: e5a8d1e4f7b0
Revises: e4f7c0d3e6a9
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'e5a8d1e4f7b0'
down_revision = 'e4f7c0d3e6a9'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
