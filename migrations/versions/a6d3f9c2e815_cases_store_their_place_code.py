"""cases store the INEC code of their place (province, canton or parish)

A new, nullable column `cases.place_code`: the DPA code (División Política Administrativa,
INEC) of the most precise place the citizen chose: 2 digits for a province, 4 for a canton,
6 for a parish. Existing cases keep their province and free-text canton exactly as they are,
with no code (place_code NULL): a free-text canton is not matched to a code, since a guess
could put a case in the wrong canton. No row is changed or lost.

Revision ID: a6d3f9c2e815
Revises: d35c0a7e9b14
Create Date: 2026-12-02 05:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6d3f9c2e815'
down_revision = 'd35c0a7e9b14'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not a batch: SQLite's batch copies and drops the table, and dropping
    # cases would cascade to their events and attachments.
    op.add_column('cases', sa.Column('place_code', sa.String(length=6), nullable=True))


def downgrade():
    op.drop_column('cases', 'place_code')  # SQLite 3.35+ drops a column in place
