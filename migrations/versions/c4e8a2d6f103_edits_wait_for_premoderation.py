"""edits of published comments and proposals wait for pre-moderation

Revision ID: c4e8a2d6f103
Revises: e5c1a7b3d920
Create Date: 2026-12-02 02:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a2d6f103'
down_revision = 'e5c1a7b3d920'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_edit', sa.JSON(), nullable=True))
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_edit', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('pending_edit')
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_column('pending_edit')
