"""published rounds: what the public page shows (issue 14 §1)

A round's publication (draft, published, withdrawn) and, per goal, the public title and
description, what is shown (status, progress, comment, names) and the status and progress
copied when staff published.

Revision ID: e3e6b9c2d5f8
Revises: e2d5a8b1c4e7
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e3e6b9c2d5f8'
down_revision = 'e2d5a8b1c4e7'
branch_labels = None
depends_on = None

GOAL_STATUSES = ('ikke_startet', 'i_gang', 'delvist_naaet', 'naaet', 'udskudt', 'opgivet')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade():
    op.create_table(
        'publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('state', _enum(('draft', 'published', 'withdrawn'), 'publicationstate'),
                  nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('published_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['followup_rounds.id'],
                                name=op.f('fk_publications_round_id_followup_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['published_by'], ['staff_users.id'],
                                name=op.f('fk_publications_published_by_staff_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
        sa.UniqueConstraint('round_id', name=op.f('uq_publications_round_id')),
    )
    op.create_table(
        'published_goals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('publication_id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('public_title', sa.String(length=300), nullable=False),
        sa.Column('public_description', sa.Text(), nullable=False),
        sa.Column('is_status_shown', sa.Boolean(), nullable=False),
        sa.Column('is_progress_shown', sa.Boolean(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('is_comment_shown', sa.Boolean(), nullable=False),
        sa.Column('is_names_shown', sa.Boolean(), nullable=False),
        sa.Column('status', _enum(GOAL_STATUSES, 'goalstatus'), nullable=True),
        sa.Column('progress', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['publication_id'], ['publications.id'],
                                name=op.f('fk_published_goals_publication_id_publications'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'],
                                name=op.f('fk_published_goals_goal_id_goals'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_published_goals')),
        sa.UniqueConstraint('publication_id', 'goal_id',
                            name=op.f('uq_published_goals_publication_id_goal_id')),
    )
    with op.batch_alter_table('published_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_published_goals_publication_id'),
                              ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_published_goals_goal_id'), ['goal_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('published_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_published_goals_goal_id'))
        batch_op.drop_index(batch_op.f('ix_published_goals_publication_id'))
    op.drop_table('published_goals')
    op.drop_table('publications')
