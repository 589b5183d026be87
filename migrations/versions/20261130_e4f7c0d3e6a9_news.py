"""news sendings and the news invitation kind (issue 14 §4)

A news sending (news_sendings) and one invitation per recipient (news_invitations, a kind
of the engine's invitations: InvitationKind "news"), and the outbox's extra headers
(outbox.headers: List-Unsubscribe, List-Unsubscribe-Post).

The CHECK on invitations.kind gets the new value. On SQLite a table rebuild (batch mode)
would drop `invitations`, and with foreign keys on (intake/database.py) the implicit DELETE
of that DROP cascades to every invitation's tokens, reminders and kind rows; so on SQLite
only the CHECK's text in the schema is changed, as SQLite documents for a change that
leaves the stored rows valid (https://sqlite.org/lang_altertable.html, "otheralter":
writable_schema, schema_version raised, integrity_check).

Revision ID: e4f7c0d3e6a9
Revises: e3e6b9c2d5f8
Create Date: 2026-11-30 05:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'e4f7c0d3e6a9'
down_revision = 'e3e6b9c2d5f8'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')
OLD_KINDS = ('round', 'meeting', 'form')
NEW_KINDS = (*OLD_KINDS, 'news')
CHECK = 'ck_invitations_invitationkind'


def _listed(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _sqlite_check(old, new) -> None:
    """Rewrite the CHECK's value list in the stored CREATE TABLE of `invitations`."""
    bind = op.get_bind()
    before = f"kind IN ({_listed(old)})"
    after = f"kind IN ({_listed(new)})"
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'invitations'"
    ).scalar()
    if sql.count(before) != 1:
        raise RuntimeError(f"invitations: expected one CHECK ({before}) in {sql!r}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'invitations'",
        (sql.replace(before, after),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = bind.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ['ok']:
        raise RuntimeError(f"integrity_check after the CHECK change: {problems}")


def _kinds(old, new) -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_check(old, new)
    else:
        op.drop_constraint(op.f(CHECK), 'invitations', type_='check')
        op.create_check_constraint('invitationkind', 'invitations', f"kind IN ({_listed(new)})")


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('headers', JSON, nullable=True))
    _kinds(OLD_KINDS, NEW_KINDS)
    op.create_table(
        'news_sendings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=True),
        sa.Column('areas', JSON, nullable=False),
        sa.Column('trade', sa.String(length=200), nullable=False),
        sa.Column('created_by', sa.String(length=254), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('recipient_count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_news_sendings')),
    )
    op.create_table(
        'news_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sending_id', sa.Integer(), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=True),
        sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['id'], ['invitations.id'],
                                name=op.f('fk_news_invitations_id_invitations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sending_id'], ['news_sendings.id'],
                                name=op.f('fk_news_invitations_sending_id_news_sendings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['consent_id'], ['consents.id'],
                                name=op.f('fk_news_invitations_consent_id_consents'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_news_invitations')),
    )
    with op.batch_alter_table('news_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_invitations_sending_id'), ['sending_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_news_invitations_consent_id'), ['consent_id'],
                              unique=False)


def downgrade():
    op.execute("DELETE FROM invitations WHERE kind = 'news'")
    with op.batch_alter_table('news_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_invitations_consent_id'))
        batch_op.drop_index(batch_op.f('ix_news_invitations_sending_id'))
    op.drop_table('news_invitations')
    op.drop_table('news_sendings')
    _kinds(NEW_KINDS, OLD_KINDS)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('headers')
