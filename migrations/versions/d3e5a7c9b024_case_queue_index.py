"""index of an institution's case queue in its order

The officials' queue (/casos/institucion/<acronym>) lists open cases first, priority ones
first among them, then by due date. Without an index in that order each page sorted the
institution's whole queue (50 000 cases for a national ministry: 120+ ms for 25 rows). The
first key is an expression (open or not), written with literal states as the query writes it.
The queue's filters (state, assignee, category) follow, so that a filtered page and its count
are read from the index alone.
A new index only: no row is changed or lost.

Revision ID: d3e5a7c9b024
Revises: d9e3a1f5b720
Create Date: 2026-12-02 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3e5a7c9b024'
down_revision = 'd9e3a1f5b720'
branch_labels = None
depends_on = None

# As participa.models.cases.QUEUE_OPEN_LAST at this revision (a migration does not import the
# models, which may change later).
OPEN_LAST = "CASE WHEN state IN ('received', 'assigned', 'in_progress') THEN 0 ELSE 1 END"


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_queue', [
            'institution_id', sa.text(f"({OPEN_LAST})"), sa.text("priority DESC"), 'due_on',
            sa.text("id DESC"), 'state', 'assignee_id', 'category_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_queue')
