"""audit entries record the IP address

Revision ID: 3c1e7a9d5b20
Revises: 51b3b5447149
Create Date: 2026-11-25 15:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1e7a9d5b20'
down_revision = '51b3b5447149'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip', sa.String(length=45), nullable=True))
        batch_op.create_index('ix_audit_entries_action', ['action'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_action')
        batch_op.drop_column('ip')
