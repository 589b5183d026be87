"""signups.search_text: the caseless keys staff search and GDPR find look in; e-mail keys
(issue 8 §3, see intake/matching.py)

Backfills every sign-up's search_text from its answers, with the form definitions of the
running app when there is one (flask db upgrade, flask serve), and brings stored e-mail
addresses of sign-ups and goal owners to the key form (NFC, lower-case). An owner whose key
would collide with another owner's address is left as it is, for staff to merge.

Revision ID: f3a1c9e5b7d2
Revises: e8b3f1a5c7d9
Create Date: 2026-11-29 19:30:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'f3a1c9e5b7d2'
down_revision = 'e8b3f1a5c7d9'
branch_labels = None
depends_on = None

BATCH = 1000
JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def _forms() -> dict:
    from flask import current_app, has_app_context

    registry = current_app.extensions.get("intake.forms") if has_app_context() else None
    # the checked FORMS_DIR files: the database's own forms tables come in a later migration
    return dict(registry.files) if registry is not None else {}


def upgrade():
    with op.batch_alter_table('signups') as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _backfill_signups()
    _backfill_owners()


def _backfill_signups() -> None:
    from intake import matching

    bind = op.get_bind()
    forms = _forms()
    signups = sa.table('signups', sa.column('id', sa.Integer), sa.column('form_slug', sa.String),
                       sa.column('answers', JSON), sa.column('email', sa.String),
                       sa.column('search_text', sa.Text))
    last = 0
    while True:
        columns = (signups.c.id, signups.c.form_slug, signups.c.answers, signups.c.email)
        rows = bind.execute(sa.select(*columns)
                            .where(signups.c.id > last).order_by(signups.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row in rows:
            email = matching.email_key(row.email) if row.email else row.email
            bind.execute(signups.update().where(signups.c.id == row.id).values(
                search_text=matching.search_text(forms.get(row.form_slug), row.answers),
                email=email))
        last = rows[-1].id


def _backfill_owners() -> None:
    from intake import matching

    bind = op.get_bind()
    owners = sa.table('goal_owners', sa.column('id', sa.Integer), sa.column('email', sa.String))
    rows = bind.execute(sa.select(owners.c.id, owners.c.email)).all()
    taken = {row.email for row in rows}
    for row in rows:
        key = matching.email_key(row.email)
        if key != row.email and key not in taken:
            bind.execute(owners.update().where(owners.c.id == row.id).values(email=key))
            taken.add(key)


def downgrade():
    with op.batch_alter_table('signups') as batch_op:
        batch_op.drop_column('search_text')
