"""cases remember how far their escalation went (assignee, institution, rector ministry)

Revision ID: e5c1a7b3d920
Revises: c3a8e51f7d20
Create Date: 2026-12-02 02:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5c1a7b3d920'
down_revision = 'c3a8e51f7d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_level', sa.Integer(), nullable=False,
                                      server_default='0'))
    # Until now one escalation told the assignee and the institution's administrators at once:
    # those cases have reached the institution's step.
    op.execute("UPDATE cases SET escalation_level = 2 WHERE escalated_due_on IS NOT NULL")


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('escalation_level')
