"""calendar events: the UID, SEQUENCE and state of every event sent to a person's calendar

Events sent before this revision (confirmed, dated bookings of sign-ups that still stand)
are recorded as standing with SEQUENCE 0 and an unknown time and place, so that a later
cancellation or move finds them by the UID they were sent with.

Revision ID: c7d2e4f6a8b1
Revises: b5e1a7c3d9f2
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d2e4f6a8b1'
down_revision = 'b5e1a7c3d9f2'
branch_labels = None
depends_on = None


def upgrade():
    events = op.create_table('calendar_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signup_id', sa.Integer(), nullable=False),
    sa.Column('occasion_key', sa.String(length=40), nullable=False),
    sa.Column('uid', sa.String(length=255), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('active', 'cancelled', name='calendareventstatus', native_enum=False,
                                create_constraint=True, length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('location', sa.String(length=255), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['signup_id'], ['signups.id'],
                            name=op.f('fk_calendar_events_signup_id_signups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_events')),
    sa.UniqueConstraint('signup_id', 'occasion_key',
                        name=op.f('uq_calendar_events_signup_id_occasion_key')),
    sa.UniqueConstraint('uid', name=op.f('uq_calendar_events_uid'))
    )
    with op.batch_alter_table('calendar_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_events_signup_id'), ['signup_id'], unique=False)
    _record_events_sent_before(events)


def _record_events_sent_before(events):
    from datetime import datetime, timezone

    from flask import current_app

    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    domain = sender.rsplit("@", 1)[-1].strip(">").strip() or "intake.local"
    rows = op.get_bind().execute(sa.text(
        "SELECT DISTINCT s.id, s.form_slug, s.reference, b.occasion_key FROM signups s "
        "JOIN bookings b ON b.signup_id = s.id WHERE s.cancelled_at IS NULL "
        "AND s.email IS NOT NULL AND b.status = 'confirmed' AND b.occasion_key IS NOT NULL"
    )).all()
    moment = datetime.now(timezone.utc)
    op.bulk_insert(events, [
        {"signup_id": signup_id, "occasion_key": key, "uid": f"{slug}-{key}-{reference}@{domain}",
         "sequence": 0, "status": "active", "updated_at": moment}
        for signup_id, slug, reference, key in rows
    ])


def downgrade():
    with op.batch_alter_table('calendar_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_events_signup_id'))
    op.drop_table('calendar_events')
