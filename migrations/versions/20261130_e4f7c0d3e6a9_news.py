"""news sendings and the news invitation kind (issue 14 §4)

Filled in by the news helper (issue 14). Placeholder until then: upgrade and downgrade do nothing.

Revision ID: e4f7c0d3e6a9
Revises: e3e6b9c2d5f8
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'e4f7c0d3e6a9'
down_revision = 'e3e6b9c2d5f8'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
