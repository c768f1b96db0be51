"""partial index of the priority cases by filing time

The figures of priority attention (/casos/estadisticas and its open-data file) count a
period's priority cases per institution and group. Without an index of their own they read
every case filed in the period (a year of national cases) to find the few marked priority.
This index holds only the priority cases. A new index only: no row is changed or lost.

Revision ID: c8d2f4a6b013
Revises: b7e2c4a9d150
Create Date: 2026-12-02 09:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8d2f4a6b013'
down_revision = 'b7e2c4a9d150'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_cases_priority_filed', 'cases', ['created_at', 'institution_id'],
                    sqlite_where=sa.text("priority IS 1"),
                    postgresql_where=sa.text("priority IS true"))


def downgrade():
    op.drop_index('ix_cases_priority_filed', table_name='cases')
