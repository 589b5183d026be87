"""staff roles (issue 12 §4), one row per role; every existing account gets every role so
nothing changes for it. A name on each account; one-time set-password links for accounts made in the browser.

Revision ID: a4c8e2f6b1d3
Revises: f3a1c9e5b7d2
Create Date: 2026-11-29 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c8e2f6b1d3'
down_revision = 'f3a1c9e5b7d2'
branch_labels = None
depends_on = None

# The roles as they were when this migration was written (not imported: a later change to
# intake.staff.roles must not change what this migration did).
ROLES = ('admin', 'forms', 'signups', 'gdpr', 'goals')


def upgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=200), server_default='',
                                      nullable=False))
    op.create_table('staff_roles',
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum(*ROLES, name='role', native_enum=False, create_constraint=True,
                              length=20), nullable=False),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'],
                            name=op.f('fk_staff_roles_staff_user_id_staff_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_user_id', 'role', name=op.f('pk_staff_roles')),
    )
    op.create_table('staff_password_links',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'],
                            name=op.f('fk_staff_password_links_staff_user_id_staff_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_staff_password_links')),
    )
    with op.batch_alter_table('staff_password_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_password_links_staff_user_id'),
                              ['staff_user_id'], unique=False)
    for role in ROLES:
        op.execute(sa.text("INSERT INTO staff_roles (staff_user_id, role) "
                           "SELECT id, :role FROM staff_users").bindparams(role=role))


def downgrade():
    with op.batch_alter_table('staff_password_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_password_links_staff_user_id'))
    op.drop_table('staff_password_links')
    op.drop_table('staff_roles')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('name')
