"""consultations may be announced before they open; sections may have had no contributions

`consultations.announces_at` (nullable): from this date the draft is public and readable,
comments still closed (the information phase). Existing consultations get NULL: they have no
information phase and keep becoming public on their opening date, as before.
`consultation_sections.no_contributions` (NOT NULL, default false): the outcome report says
nobody commented on this section instead of giving a decision. Existing sections get false
and keep their decisions.

Revision ID: a7c3e9d1f520
Revises: c3a9e5d1f720
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f520'
down_revision = 'c3a9e5d1f720'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs, not batches: SQLite's batch copies and drops the table, and dropping
    # consultations would cascade to every row that refers to one.
    op.add_column('consultations', sa.Column('announces_at', sa.DateTime(), nullable=True))
    op.add_column('consultation_sections', sa.Column(
        'no_contributions', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('consultation_sections', schema=None) as batch_op:
        batch_op.drop_column('no_contributions')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('announces_at')
