"""a citizen's notices and mail: unread indexes, mail preferences per kind, mail headers

- notifications, moderation_notices: a partial index on the unread rows of each person,
  for the unread count the header shows on every page.
- moderation_bans: an index by person and end, for the banner of a suspended person.
- mail_opt_outs: a row now says, per kind of mail (consultations, proposals, cases,
  moderation), whether the person stopped it. Existing rows were the consultations'
  unsubscribe: they keep consultations stopped and every other kind on.
- outbox: the extra headers of a queued mail (List-Unsubscribe); existing rows have none.

No row is removed or changed.

Revision ID: c3a9e5d1f720
Revises: a9d3f1c7e254
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a9e5d1f720'
down_revision = 'a9d3f1c7e254'
branch_labels = None
depends_on = None

UNREAD = sa.text("read_at IS NULL")
KINDS = (("consultations", sa.true()), ("proposals", sa.false()), ("cases", sa.false()),
         ("moderation", sa.false()))


def upgrade():
    op.create_index('ix_notifications_user_unread', 'notifications', ['user_id'],
                    sqlite_where=UNREAD, postgresql_where=UNREAD)
    op.create_index('ix_moderation_notices_user_unread', 'moderation_notices', ['user_id'],
                    sqlite_where=UNREAD, postgresql_where=UNREAD)
    op.create_index('ix_moderation_bans_user_until', 'moderation_bans', ['user_id', 'until'])
    # Plain ADD COLUMNs: a batch would copy and drop the tables.
    for name, default in KINDS:
        op.add_column('mail_opt_outs', sa.Column(name, sa.Boolean(), server_default=default,
                                                 nullable=False))
    op.add_column('outbox', sa.Column('headers', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('headers')
    with op.batch_alter_table('mail_opt_outs', schema=None) as batch_op:
        for name, _default in reversed(KINDS):
            batch_op.drop_column(name)
    op.drop_index('ix_moderation_bans_user_until', table_name='moderation_bans')
    op.drop_index('ix_moderation_notices_user_unread', table_name='moderation_notices')
    op.drop_index('ix_notifications_user_unread', table_name='notifications')
