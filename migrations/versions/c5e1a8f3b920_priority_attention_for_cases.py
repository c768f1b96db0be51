"""priority attention for cases (Constitution of Ecuador, art. 35)

Adds to `cases` the priority mark (`priority`, NOT NULL, default false), the group
(`priority_group`), a short text for "other" (`priority_other`) and how and when the person
consented to the processing of these sensitive data (`priority_consent`,
`priority_consent_at`). Existing cases are not priority: `priority` is false and the other
columns are NULL; their due dates do not change.
Adds to `case_settings` the institution's priority term in business days (`priority_days`):
NULL for existing institutions, i.e. priority cases keep the normal term until an
administrator sets a shorter one.
Adds the empty table `case_priority_marks` (who marked or unmarked a case, when, and how consent
was given). No row is changed or lost.

Revision ID: c5e1a8f3b920
Revises: b7e2c4f9a1d3
Create Date: 2026-12-02 08:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1a8f3b920'
down_revision = 'b7e2c4f9a1d3'
branch_labels = None
depends_on = None



def upgrade():
    # Plain ADD COLUMNs, not a batch: SQLite's batch copies and drops the table, and dropping
    # `cases` would cascade to its events, attachments and access records.
    op.add_column('cases', sa.Column('priority', sa.Boolean(), server_default=sa.false(),
                                     nullable=False))
    op.add_column('cases', sa.Column('priority_group', sa.String(length=32), nullable=True))
    op.add_column('cases', sa.Column('priority_other', sa.String(length=120), nullable=True))
    op.add_column('cases', sa.Column('priority_consent', sa.String(length=32), nullable=True))
    op.add_column('cases', sa.Column('priority_consent_at', sa.DateTime(), nullable=True))
    op.add_column('case_settings', sa.Column('priority_days', sa.Integer(), nullable=True))
    op.create_table(
        'case_priority_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('marked', sa.Boolean(), nullable=False),
        sa.Column('consent', sa.String(length=32), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_case_priority_marks_actor_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_priority_marks_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_priority_marks')),
    )
    op.create_index(op.f('ix_case_priority_marks_case_id'), 'case_priority_marks', ['case_id'],
                    unique=False)
    op.create_index(op.f('ix_case_priority_marks_actor_id'), 'case_priority_marks',
                    ['actor_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_case_priority_marks_actor_id'), table_name='case_priority_marks')
    op.drop_index(op.f('ix_case_priority_marks_case_id'), table_name='case_priority_marks')
    op.drop_table('case_priority_marks')
    op.drop_column('case_settings', 'priority_days')  # SQLite 3.35+ drops a column in place
    op.drop_column('cases', 'priority_consent_at')
    op.drop_column('cases', 'priority_consent')
    op.drop_column('cases', 'priority_other')
    op.drop_column('cases', 'priority_group')
    op.drop_column('cases', 'priority')
