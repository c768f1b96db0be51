"""partial index of the comments awaiting an official answer

The staff workspace (/gestion/) counts, for an institution, the published top-level comments
of its consultations that no official has answered. Without an index of its own the count
walked every top-level comment of each consultation in the general comments index and read
each row (100 000 comments in one consultation). This index holds only the unanswered,
undeleted, top-level comments of citizens, keyed by consultation and moderation state, so the
count reads the index alone. A new index only: no row is changed or lost.

Revision ID: b7e2c4a9d051
Revises: b7e2c4f8a913
Create Date: 2026-12-02 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4a9d051'
down_revision = 'b7e2c4f8a913'
branch_labels = None
depends_on = None

# The same terms as the workspace's query, as each database renders them, so that the
# planner sees that the query implies the index's condition.
SQLITE_WHERE = sa.text("is_official IS 0 AND answered_at IS NULL AND deleted_at IS NULL")
POSTGRESQL_WHERE = sa.text("is_official IS false AND answered_at IS NULL AND deleted_at IS NULL")


def upgrade():
    op.create_index('ix_consultation_comments_awaiting_answer', 'consultation_comments',
                    ['consultation_id', 'is_official', 'parent_id', 'moderation'],
                    sqlite_where=SQLITE_WHERE, postgresql_where=POSTGRESQL_WHERE)


def downgrade():
    op.drop_index('ix_consultation_comments_awaiting_answer', table_name='consultation_comments')
