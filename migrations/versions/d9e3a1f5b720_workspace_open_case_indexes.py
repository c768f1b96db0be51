"""partial indexes of the priority cases and of the cases awaiting the citizen

The Gestión workspace counts an institution's open priority cases and its open cases waiting
for the citizen's answer. Both are few among the institution's open cases (14 000 at the
busiest institution of the national data set), but without an index of their own each count
read every open case from the table. These indexes hold only those cases, and the column
they are about, so that each count is read from its index alone. New indexes only: no row
is changed or lost.

Revision ID: d9e3a1f5b720
Revises: c8d2f4a6b013
Create Date: 2026-12-02 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9e3a1f5b720'
down_revision = 'c8d2f4a6b013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_priority_institution_state',
                              ['institution_id', 'state', 'priority'],
                              sqlite_where=sa.text("priority IS 1"),
                              postgresql_where=sa.text("priority IS true"))
        batch_op.create_index('ix_cases_awaiting_citizen',
                              ['institution_id', 'state', 'information_requested_at'],
                              sqlite_where=sa.text("information_requested_at IS NOT NULL"),
                              postgresql_where=sa.text("information_requested_at IS NOT NULL"))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_awaiting_citizen')
        batch_op.drop_index('ix_cases_priority_institution_state')
