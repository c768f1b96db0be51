"""index case events by kind, for the dashboard's transfers

Revision ID: 5d7e9f1a3b62
Revises: 24675f559ac9
Create Date: 2026-11-25 17:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d7e9f1a3b62'
down_revision = '24675f559ac9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index('ix_case_events_kind', ['kind', 'institution_id', 'case_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_kind')
