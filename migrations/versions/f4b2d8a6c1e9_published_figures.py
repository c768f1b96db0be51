"""published figures: closed periods' figures and scores, stored with their revisions

Revision ID: f4b2d8a6c1e9
Revises: c4e8a2d6f103
Create Date: 2026-12-02 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4b2d8a6c1e9'
down_revision = 'c4e8a2d6f103'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'published_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period_kind', sa.String(length=8), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('methodology_version', sa.String(length=16), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.CheckConstraint("period_kind IN ('month', 'quarter', 'year')",
                           name='ck_published_figures_kind'),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('published_figures', schema=None) as batch_op:
        batch_op.create_index('ix_published_figures_period',
                              ['period_kind', 'period_start', 'revision', 'institution_id'],
                              unique=False)
        batch_op.create_index('uq_published_figures_national',
                              ['period_kind', 'period_start', 'revision'], unique=True,
                              sqlite_where=sa.text('institution_id IS NULL'),
                              postgresql_where=sa.text('institution_id IS NULL'))


def downgrade():
    with op.batch_alter_table('published_figures', schema=None) as batch_op:
        batch_op.drop_index('uq_published_figures_national')
        batch_op.drop_index('ix_published_figures_period')
    op.drop_table('published_figures')
