"""invitation engine (issue 13)

Follow-up invitations become one kind of the engine's `invitations` (joined-table
inheritance): the generic columns move from `followup_invitations` to `invitations` (same
ids, `submitted_at` becomes `answered_at`, `person_id` the owner), and the link tokens,
reminders and link-mail markers move to `invitation_tokens`, `invitation_reminders` and
`invitation_link_mails` with their ids, so every link already mailed keeps working.

SQLite enforces foreign keys here (intake.database), and rebuilding `followup_invitations`
(batch mode) drops the old table, which would cascade to its submissions and late answers:
those two tables are set aside in temporary copies around the rebuild and put back.

Revision ID: c1e4a7b2d9f0
Revises: b7e3d1f9a2c4
Create Date: 2026-11-30 02:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c1e4a7b2d9f0'
down_revision = 'b7e3d1f9a2c4'
branch_labels = None
depends_on = None

KINDS = ('round', 'meeting', 'form')
OLD_PURPOSES = ('invitation', 'reminder', 'lost_link')
PURPOSES = (*OLD_PURPOSES, 'update')
CHILDREN = ('followup_submissions', 'followup_late_answers')  # reference followup_invitations
MOVED = ('invited_at', 'message_id', 'opened_at', 'last_opened_at', 'reminder_count',
         'last_reminded_at', 'created_at')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _set_children_aside() -> None:
    if _is_sqlite():
        for table in CHILDREN:
            op.execute(f'CREATE TEMPORARY TABLE keep_{table} AS SELECT * FROM {table}')


def _put_children_back() -> None:
    """After the rebuild: the rows the cascade removed come back with their ids."""
    if _is_sqlite():
        for table in CHILDREN:
            op.execute(f'DELETE FROM {table}')
            op.execute(f'INSERT INTO {table} SELECT * FROM keep_{table}')
            op.execute(f'DROP TABLE keep_{table}')


def _create_engine_tables() -> None:
    op.create_table(
        'invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', _enum(KINDS, 'invitationkind'), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('locale', sa.String(length=5), nullable=False),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('message_id', sa.Integer(), nullable=True),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_opened_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminder_count', sa.Integer(), nullable=False),
        sa.Column('last_reminded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['outbox.id'],
                                name=op.f('fk_invitations_message_id_outbox'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['person_id'], ['goal_owners.id'],
                                name=op.f('fk_invitations_person_id_goal_owners'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_person_id'), ['person_id'],
                              unique=False)

    op.create_table(
        'invitation_link_mails',
        sa.Column('outbox_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'],
                                name=op.f('fk_invitation_link_mails_outbox_id_outbox'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('outbox_id', name=op.f('pk_invitation_link_mails')),
    )
    op.create_table(
        'invitation_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('purpose', _enum(PURPOSES, 'tokenpurpose'), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'],
                                name=op.f('fk_invitation_tokens_invitation_id_invitations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_tokens_token_hash')),
    )
    with op.batch_alter_table('invitation_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_tokens_invitation_id'),
                              ['invitation_id'], unique=False)
    op.create_table(
        'invitation_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('local_day', sa.Date(), nullable=False),
        sa.Column('is_manual', sa.Boolean(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'],
                                name=op.f('fk_invitation_reminders_invitation_id_invitations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['message_id'], ['outbox.id'],
                                name=op.f('fk_invitation_reminders_message_id_outbox'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_reminders')),
        sa.UniqueConstraint('invitation_id', 'local_day',
                            name=op.f('uq_invitation_reminders_invitation_id_local_day')),
    )
    with op.batch_alter_table('invitation_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_reminders_invitation_id'),
                              ['invitation_id'], unique=False)


def _create_old_tables() -> None:
    op.create_table(
        'followup_link_mails',
        sa.Column('outbox_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'],
                                name=op.f('fk_followup_link_mails_outbox_id_outbox'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('outbox_id', name=op.f('pk_followup_link_mails')),
    )
    op.create_table(
        'followup_link_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('purpose', _enum(OLD_PURPOSES, 'tokenpurpose'), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['invitation_id'], ['followup_invitations.id'],
            name=op.f('fk_followup_link_tokens_invitation_id_followup_invitations'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_link_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_followup_link_tokens_token_hash')),
    )
    with op.batch_alter_table('followup_link_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_link_tokens_invitation_id'),
                              ['invitation_id'], unique=False)
    op.create_table(
        'followup_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('local_day', sa.Date(), nullable=False),
        sa.Column('is_manual', sa.Boolean(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['invitation_id'], ['followup_invitations.id'],
            name=op.f('fk_followup_reminders_invitation_id_followup_invitations'),
            ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['message_id'], ['outbox.id'],
                                name=op.f('fk_followup_reminders_message_id_outbox'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_reminders')),
        sa.UniqueConstraint('invitation_id', 'local_day',
                            name=op.f('uq_followup_reminders_invitation_id_local_day')),
    )
    with op.batch_alter_table('followup_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_reminders_invitation_id'),
                              ['invitation_id'], unique=False)


def _sync_sequence(table: str) -> None:
    """PostgreSQL: the id sequence continues past the copied ids."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


def upgrade():
    _create_engine_tables()
    op.execute(
        "INSERT INTO invitations (id, kind, person_id, name, email, locale, invited_at, "
        "message_id, opened_at, last_opened_at, answered_at, reminder_count, "
        "last_reminded_at, revoked_at, created_at) "
        "SELECT id, 'round', owner_id, NULL, NULL, 'da', invited_at, message_id, opened_at, "
        "last_opened_at, submitted_at, reminder_count, last_reminded_at, NULL, created_at "
        "FROM followup_invitations"
    )
    op.execute(
        "INSERT INTO invitation_tokens (id, invitation_id, token_hash, purpose, issued_at, "
        "revoked_at) SELECT id, invitation_id, token_hash, purpose, issued_at, revoked_at "
        "FROM followup_link_tokens"
    )
    op.execute(
        "INSERT INTO invitation_reminders (id, invitation_id, local_day, is_manual, sent_at, "
        "message_id) SELECT id, invitation_id, local_day, is_manual, sent_at, message_id "
        "FROM followup_reminders"
    )
    op.execute("INSERT INTO invitation_link_mails (outbox_id) "
               "SELECT outbox_id FROM followup_link_mails")
    for table in ('invitations', 'invitation_tokens', 'invitation_reminders'):
        _sync_sequence(table)

    for table in ('followup_link_tokens', 'followup_reminders'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_invitation_id'))
        op.drop_table(table)
    op.drop_table('followup_link_mails')

    _set_children_aside()
    with op.batch_alter_table('followup_invitations', schema=None) as batch_op:
        batch_op.drop_constraint('fk_followup_invitations_message_id_outbox',
                                 type_='foreignkey')
        for column in (*MOVED, 'submitted_at'):
            batch_op.drop_column(column)
        batch_op.create_foreign_key(batch_op.f('fk_followup_invitations_id_invitations'),
                                    'invitations', ['id'], ['id'], ondelete='CASCADE')
    _put_children_back()
    if op.get_bind().dialect.name == 'postgresql':
        # The id now comes from `invitations`, as in the model (no sequence of its own).
        op.execute('ALTER TABLE followup_invitations ALTER COLUMN id DROP DEFAULT')
        op.execute('DROP SEQUENCE IF EXISTS followup_invitations_id_seq')


def downgrade():
    """Back to follow-up tables of their own; other kinds' invitations (dropped with their
    own tables by the later revisions' downgrades) have nothing to go back to."""
    _set_children_aside()
    with op.batch_alter_table('followup_invitations', schema=None) as batch_op:
        batch_op.drop_constraint('fk_followup_invitations_id_invitations', type_='foreignkey')
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_opened_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('reminder_count', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('last_reminded_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_followup_invitations_message_id_outbox'),
                                    'outbox', ['message_id'], ['id'], ondelete='SET NULL')
    columns = ('invited_at', 'message_id', 'opened_at', 'last_opened_at', 'reminder_count',
               'last_reminded_at', 'created_at')
    for column in columns:
        op.execute(f"UPDATE followup_invitations SET {column} = (SELECT i.{column} FROM "
                   f"invitations i WHERE i.id = followup_invitations.id)")
    op.execute("UPDATE followup_invitations SET submitted_at = (SELECT i.answered_at FROM "
               "invitations i WHERE i.id = followup_invitations.id)")
    with op.batch_alter_table('followup_invitations', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.alter_column('reminder_count', existing_type=sa.Integer(),
                              server_default=None)
    _put_children_back()  # both rebuilds done
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE SEQUENCE followup_invitations_id_seq '
                   'OWNED BY followup_invitations.id')
        op.execute("ALTER TABLE followup_invitations ALTER COLUMN id "
                   "SET DEFAULT nextval('followup_invitations_id_seq')")
        _sync_sequence('followup_invitations')

    _create_old_tables()
    round_ids = "SELECT id FROM followup_invitations"
    op.execute(
        "INSERT INTO followup_link_tokens (id, invitation_id, token_hash, purpose, issued_at, "
        "revoked_at) SELECT id, invitation_id, token_hash, purpose, issued_at, revoked_at "
        f"FROM invitation_tokens WHERE invitation_id IN ({round_ids}) "
        "AND purpose IN ('invitation', 'reminder', 'lost_link')"
    )
    op.execute(
        "INSERT INTO followup_reminders (id, invitation_id, local_day, is_manual, sent_at, "
        "message_id) SELECT id, invitation_id, local_day, is_manual, sent_at, message_id "
        f"FROM invitation_reminders WHERE invitation_id IN ({round_ids})"
    )
    op.execute("INSERT INTO followup_link_mails (outbox_id) "
               "SELECT outbox_id FROM invitation_link_mails")
    for table in ('followup_link_tokens', 'followup_reminders'):
        _sync_sequence(table)

    for table in ('invitation_tokens', 'invitation_reminders'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_invitation_id'))
        op.drop_table(table)
    op.drop_table('invitation_link_mails')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        for column in ('person_id', 'kind', 'email'):
            batch_op.drop_index(batch_op.f(f'ix_invitations_{column}'))
    op.drop_table('invitations')
