"""proposals have comment threads: a comment is on a consultation or on a proposal

`consultation_comments` gets a nullable `proposal_id` (foreign key to proposals, deleted with
its proposal), its `consultation_id` becomes nullable, and a CHECK constraint requires exactly
one of the two. Every existing comment is on a consultation: it keeps its consultation_id and
gets proposal_id NULL, so it satisfies the constraint unchanged. On SQLite the table is
rebuilt in batch mode with every row copied (foreign keys are off while migrating, see
migrations/env.py, so supports, moderation items and notices keep pointing at their rows).

An index serves a proposal's thread. `notifications.kind` accepts `proposal_comment` (someone
commented on the person's proposal); existing notices are copied unchanged.

Revision ID: b7e2c4f8a913
Revises: c5e1a8f3b920
Create Date: 2026-12-02 08:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4f8a913'
down_revision = 'c5e1a8f3b920'
branch_labels = None
depends_on = None

OLD_KINDS = ['official_reply', 'outcome_published']
NEW_KINDS = OLD_KINDS + ['proposal_comment']


def _kind_check(kinds):
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_notification_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notifications_notification_kind'),
                                         sa.column('kind').in_(kinds))


def upgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.alter_column('consultation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f('fk_consultation_comments_proposal_id_proposals'), 'proposals',
            ['proposal_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(
            op.f('ck_consultation_comments_one_subject'),
            '(consultation_id IS NULL) <> (proposal_id IS NULL)')
        batch_op.create_index('ix_consultation_comments_proposal_thread', [
            'proposal_id', 'parent_id', 'created_at', 'moderation', 'deleted_at'], unique=False)
    _kind_check(NEW_KINDS)


def downgrade():
    # Comments on proposals have no consultation to belong to: they go, with what points at
    # them, as deleting their proposals would take them. Written out because SQLite migrates
    # with foreign keys off (no cascade).
    gone = "SELECT id FROM consultation_comments WHERE proposal_id IS NOT NULL"
    items = f"SELECT id FROM moderation_items WHERE comment_id IN ({gone})"
    for table in ('moderation_flags', 'moderation_notices'):
        op.execute(f"DELETE FROM {table} WHERE item_id IN ({items})")
    for table, column in (('moderation_items', 'comment_id'), ('notifications', 'comment_id'),
                          ('consultation_supports', 'comment_id'),
                          ('comment_group_members', 'comment_id'),
                          ('shared_outcome_members', 'comment_id')):
        op.execute(f"DELETE FROM {table} WHERE {column} IN ({gone})")
    for table in ('comment_groups', 'shared_outcomes'):
        op.execute(f"UPDATE {table} SET representative_id = NULL "
                   f"WHERE representative_id IN ({gone})")
    op.execute("DELETE FROM notifications WHERE kind = 'proposal_comment'")
    op.execute("DELETE FROM consultation_comments WHERE proposal_id IS NOT NULL")
    _kind_check(OLD_KINDS)
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_comments_proposal_thread')
        batch_op.drop_constraint(op.f('ck_consultation_comments_one_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_consultation_comments_proposal_id_proposals'),
                                 type_='foreignkey')
        batch_op.alter_column('consultation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('proposal_id')
