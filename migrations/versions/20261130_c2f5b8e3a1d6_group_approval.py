"""group approval (issue 13): bookings may wait for staff approval (status "pending"), and a
capacity bucket may require it (capacity_buckets.is_approval_required).

Revision ID: c2f5b8e3a1d6
Revises: c1e4a7b2d9f0
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c2f5b8e3a1d6'
down_revision = 'c1e4a7b2d9f0'
branch_labels = None
depends_on = None

OLD = ('confirmed', 'waitlisted', 'cancelled')
NEW = (*OLD, 'pending')


def _status(values):
    return sa.Enum(*values, name='bookingstatus', native_enum=False, create_constraint=True,
                   length=20)


def _widen(old, new):
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('ck_bookings_bookingstatus'), 'bookings', type_='check')
        listed = ", ".join(f"'{v}'" for v in new)
        op.create_check_constraint('bookingstatus', 'bookings', f"status IN ({listed})")
    else:  # SQLite rebuilds the table with the new CHECK
        with op.batch_alter_table('bookings', schema=None, recreate='always') as batch_op:
            batch_op.alter_column('status', existing_type=_status(old), type_=_status(new),
                                  existing_nullable=False)


def upgrade():
    with op.batch_alter_table('capacity_buckets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_approval_required', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    _widen(OLD, NEW)


def downgrade():
    op.execute("UPDATE bookings SET status = 'cancelled' WHERE status = 'pending'")
    _widen(NEW, OLD)
    with op.batch_alter_table('capacity_buckets', schema=None) as batch_op:
        batch_op.drop_column('is_approval_required')
