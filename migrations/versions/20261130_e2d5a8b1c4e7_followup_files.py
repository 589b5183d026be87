"""files of follow-up answers: action plans (issue 14 §3)

Filled in by the follow-up helper (issue 14). Placeholder until then: upgrade and downgrade do nothing.

Revision ID: e2d5a8b1c4e7
Revises: e1c4f7a0b3d6
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = 'e2d5a8b1c4e7'
down_revision = 'e1c4f7a0b3d6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
