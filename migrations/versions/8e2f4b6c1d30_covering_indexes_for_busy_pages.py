"""covering indexes for a consultation's figures

Revision ID: 8e2f4b6c1d30
Revises: 4c1e7d2a9b10
Create Date: 2026-11-25 16:25:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8e2f4b6c1d30'
down_revision = '4c1e7d2a9b10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_comments_figures', [
            'consultation_id', 'parent_id', 'created_at', 'moderation', 'deleted_at', 'section_id',
            'stance'],
            unique=False)
        batch_op.create_index('ix_consultation_comments_participants', [
            'consultation_id', 'is_official', 'author_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_comments_participants')
        batch_op.drop_index('ix_consultation_comments_figures')
