"""files of follow-up answers: action plans (issue 14 §3)

A goal owner attaches files (an action plan) to a goal's block of the follow-up
questionnaire: `uploaded_files` rows then belong to the round invitation
(`invitation_id`, CASCADE) and name the goal (`goal_id`, SET NULL) instead of a sign-up, so
`signup_id` becomes nullable and the CHECK `one_owner` says exactly one of the two is set.
SQLite changes nullability and adds the CHECK by rebuilding the table (batch mode).

Revision ID: e2d5a8b1c4e7
Revises: e1c4f7a0b3d6
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e2d5a8b1c4e7'
down_revision = 'e1c4f7a0b3d6'
branch_labels = None
depends_on = None

ONE_OWNER = "(signup_id IS NULL) <> (invitation_id IS NULL)"


def upgrade():
    with op.batch_alter_table('uploaded_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('goal_id', sa.Integer(), nullable=True))
        batch_op.alter_column('signup_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f('fk_uploaded_files_invitation_id_invitations'), 'invitations',
            ['invitation_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(
            batch_op.f('fk_uploaded_files_goal_id_goals'), 'goals', ['goal_id'], ['id'],
            ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_uploaded_files_invitation_id'), ['invitation_id'],
                              unique=False)
        batch_op.create_check_constraint('one_owner', ONE_OWNER)


def downgrade():
    op.execute("DELETE FROM uploaded_files WHERE signup_id IS NULL")
    with op.batch_alter_table('uploaded_files', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_uploaded_files_one_owner'), type_='check')
        batch_op.drop_index(batch_op.f('ix_uploaded_files_invitation_id'))
        batch_op.drop_constraint(batch_op.f('fk_uploaded_files_goal_id_goals'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_uploaded_files_invitation_id_invitations'),
                                 type_='foreignkey')
        batch_op.alter_column('signup_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('goal_id')
        batch_op.drop_column('invitation_id')
