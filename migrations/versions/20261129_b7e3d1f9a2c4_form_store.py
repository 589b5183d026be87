"""form definitions in the database as versions (issue 12 §1): forms, form_versions,
form_drafts and the one-row form_catalogue whose generation every publish raises.

The shipped forms/*.yaml files are imported by the running app on first use
(intake/formdefs/shipped.py), not here: this migration only makes the tables.

Revision ID: b7e3d1f9a2c4
Revises: a4c8e2f6b1d3
Create Date: 2026-11-29 23:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e3d1f9a2c4'
down_revision = 'a4c8e2f6b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forms',
    sa.Column('slug', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('is_closed', sa.Boolean(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=True),
    sa.Column('source', sa.Enum('file', 'editor', name='formsource', native_enum=False,
                                create_constraint=True, length=20), nullable=False),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_forms')),
    )
    op.create_table('form_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_slug', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['form_slug'], ['forms.slug'],
                            name=op.f('fk_form_versions_form_slug_forms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_versions')),
    sa.UniqueConstraint('form_slug', 'version', name=op.f('uq_form_versions_form_slug_version')),
    )
    op.create_table('form_drafts',
    sa.Column('form_slug', sa.String(length=50), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['form_slug'], ['forms.slug'],
                            name=op.f('fk_form_drafts_form_slug_forms')),
    sa.PrimaryKeyConstraint('form_slug', name=op.f('pk_form_drafts')),
    )
    catalogue = op.create_table('form_catalogue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_catalogue')),
    )
    op.bulk_insert(catalogue, [{'id': 1, 'generation': 0}])


def downgrade():
    op.drop_table('form_catalogue')
    op.drop_table('form_drafts')
    op.drop_table('form_versions')
    op.drop_table('forms')
