"""follow-up late answers: kept after the deadline, accepted into the round by staff

Revision ID: b5e1a7c3d9f2
Revises: 14b0d96a59f4
Create Date: 2026-11-28 10:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql



# revision identifiers, used by Alembic.
revision = 'b5e1a7c3d9f2'
down_revision = '14b0d96a59f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('followup_late_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.Enum('pending', 'accepted', name='lateanswerstate', native_enum=False,
                               create_constraint=True, length=20), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_by', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by'], ['staff_users.id'],
                            name=op.f('fk_followup_late_answers_accepted_by_staff_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitation_id'], ['followup_invitations.id'],
                            name=op.f('fk_followup_late_answers_invitation_id_followup_invitations'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['followup_submissions.id'],
                            name=op.f('fk_followup_late_answers_submission_id_followup_submissions'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_late_answers'))
    )
    with op.batch_alter_table('followup_late_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_late_answers_invitation_id'), ['invitation_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('followup_late_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_late_answers_invitation_id'))
    op.drop_table('followup_late_answers')
