"""meetings (issue 13)

The groups' meetings (meetings), everyone invited to one (meeting_invitations, a kind of the
engine's invitations) and every RSVP answer given (meeting_rsvp_changes).

Revision ID: c4b7e1a5c3f8
Revises: c3a6d9f4b2e7
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4b7e1a5c3f8'
down_revision = 'c3a6d9f4b2e7'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


ANSWERS = ('ja', 'nej', 'maaske')


def upgrade():
    op.create_table(
        'meetings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('focus_area', _enum('focusarea', 'arbejdsliv', 'erhvervsliv', 'baeredygtige',
                                      'rammer'), nullable=True),
        sa.Column('kind', _enum('meetingkind', 'meeting_1', 'meeting_2', 'joint', 'other'),
                  nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('host_name', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=300), nullable=False),
        sa.Column('agenda', sa.Text(), nullable=False),
        sa.Column('rsvp_deadline_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', _enum('meetingstate', 'planned', 'invited', 'cancelled'),
                  nullable=False),
        sa.Column('uid', sa.String(length=255), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['period_id'], ['goal_periods.id'],
                                name=op.f('fk_meetings_period_id_goal_periods'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
        sa.UniqueConstraint('uid', name=op.f('uq_meetings_uid')),
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_focus_area'), ['focus_area'], unique=False)
    op.create_table(
        'meeting_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('answer', _enum('rsvpanswer', *ANSWERS), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('attended', sa.Boolean(), nullable=True),
        sa.Column('is_guest', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['id'], ['invitations.id'],
                                name=op.f('fk_meeting_invitations_id_invitations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                                name=op.f('fk_meeting_invitations_meeting_id_meetings'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitations')),
    )
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitations_meeting_id'), ['meeting_id'],
                              unique=False)
    op.create_table(
        'meeting_rsvp_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('answer', _enum('rsvpanswer', *ANSWERS), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['invitation_id'], ['meeting_invitations.id'],
                                name=op.f('fk_meeting_rsvp_changes_invitation_id_meeting_invitations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_rsvp_changes')),
    )
    with op.batch_alter_table('meeting_rsvp_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_rsvp_changes_invitation_id'),
                              ['invitation_id'], unique=False)


def downgrade():
    op.execute("DELETE FROM invitations WHERE kind = 'meeting'")
    with op.batch_alter_table('meeting_rsvp_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_rsvp_changes_invitation_id'))
    op.drop_table('meeting_rsvp_changes')
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_meeting_id'))
    op.drop_table('meeting_invitations')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_focus_area'))
        batch_op.drop_index(batch_op.f('ix_meetings_period_id'))
    op.drop_table('meetings')
