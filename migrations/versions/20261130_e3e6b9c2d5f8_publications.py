"""published rounds: what the public page shows (issue 14 §1)

Filled in by the publishing helper (issue 14). Placeholder until then: upgrade and downgrade do nothing.

Revision ID: e3e6b9c2d5f8
Revises: e2d5a8b1c4e7
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'e3e6b9c2d5f8'
down_revision = 'e2d5a8b1c4e7'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
