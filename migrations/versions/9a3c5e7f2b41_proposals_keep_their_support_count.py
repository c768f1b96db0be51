"""proposals keep their support count

Revision ID: 9a3c5e7f2b41
Revises: 8e2f4b6c1d30
Create Date: 2026-11-25 16:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a3c5e7f2b41'
down_revision = '8e2f4b6c1d30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_count', sa.Integer(), server_default='0',
                                      nullable=False))
    op.execute("UPDATE proposals SET support_count = (SELECT count(*) FROM proposal_supports "
               "WHERE proposal_supports.proposal_id = proposals.id)")


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('support_count')
