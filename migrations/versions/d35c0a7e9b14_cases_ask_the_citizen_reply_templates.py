"""cases can ask the citizen for more information; institutions keep reply templates

Adds three nullable columns to `cases` (a pending question to the citizen and what it does to
the term): existing cases get NULL, i.e. no question pending, and keep their due dates.
Adds the event kinds `information_requested` and `information_provided` to the CHECK
constraint of `case_events.kind`: existing events are copied unchanged.
Adds the empty table `case_reply_templates`.

Revision ID: d35c0a7e9b14
Revises: a7c3e9d1f520
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd35c0a7e9b14'
down_revision = 'a7c3e9d1f520'
branch_labels = None
depends_on = None

OLD_KINDS = ['filed', 'assigned', 'categorised', 'started', 'note', 'answered', 'reopened',
             'resolved', 'closed', 'rejected', 'transferred', 'escalated', 'imported', 'extended']
NEW_KINDS = OLD_KINDS + ['information_requested', 'information_provided']


def _kind_check(batch_op, kinds):
    batch_op.drop_constraint(op.f('ck_case_events_case_event_kind'), type_='check')
    batch_op.create_check_constraint(op.f('ck_case_events_case_event_kind'),
                                     sa.column('kind').in_(kinds))


def upgrade():
    op.create_table(
        'case_reply_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('reasons', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'],
                                name=op.f('fk_case_reply_templates_institution_id_institutions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_reply_templates')),
        sa.UniqueConstraint('institution_id', 'title',
                            name=op.f('uq_case_reply_templates_institution_id_title'))
    )
    op.create_index(op.f('ix_case_reply_templates_institution_id'), 'case_reply_templates',
                    ['institution_id'], unique=False)
    # Plain ADD COLUMNs, not a batch: SQLite's batch copies and drops the table, and dropping
    # `cases` would cascade to its events, attachments and access records.
    op.add_column('cases', sa.Column('information_requested_at', sa.DateTime(), nullable=True))
    op.add_column('cases', sa.Column('information_due_on', sa.Date(), nullable=True))
    op.add_column('cases', sa.Column('due_on_before_request', sa.Date(), nullable=True))
    # No table refers to case_events, so the batch's copy on SQLite loses nothing.
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        _kind_check(batch_op, NEW_KINDS)


def downgrade():
    # The two new kinds of event cannot be stored under the old constraint: a question and
    # its reply become internal notes, so the history keeps their words.
    op.execute("UPDATE case_events SET kind = 'note', public = false "
               "WHERE kind IN ('information_requested', 'information_provided')")
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        _kind_check(batch_op, OLD_KINDS)
    op.drop_column('cases', 'due_on_before_request')  # SQLite 3.35+ drops a column in place
    op.drop_column('cases', 'information_due_on')
    op.drop_column('cases', 'information_requested_at')
    op.drop_index(op.f('ix_case_reply_templates_institution_id'),
                  table_name='case_reply_templates')
    op.drop_table('case_reply_templates')
