"""index of the accounts by their address in lower case

Signing in, confirming an Infocentro's staff and verifying a person in person find the account
by lower(email), so that the case the address is typed in never matters: without an index
on that expression each of them read every account (a parallel scan of 200 000 accounts, 28
ms, on every sign-in on PostgreSQL). A new index only: no row is changed or lost.

Revision ID: f2c6a8e4b190
Revises: e8b4c2a6d317
Create Date: 2026-12-03 04:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2c6a8e4b190'
down_revision = 'e8b4c2a6d317'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_email_lower', [sa.text('lower(email)')], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_email_lower')
