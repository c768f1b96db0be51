"""information requests (LOTAIP) and personal-data rights (LOPDP) get their own law's term

Case types gain the six personal-data rights; case events gain "extended". Cases gain the
extension time, the refusal ground and the reserved-information classification a refusal
cites; institutions' case settings say whether they take personal-data requests (on for
every existing institution). New tables: reserved_classifications (an institution's index of
reserved information) and lotaip_report_submissions (annual reports sent to the Defensoría
del Pueblo).

Existing rows: every case keeps its history, type and facts. Information requests still open
on the day this revision runs get the LOTAIP term (10 calendar days) counted from that day
(its date of effect), never later than the due date they already had: a request the old
30-business-day term gave more time loses the excess from now on, none becomes overdue for
days that passed under the old term. Answered and closed requests keep their dates and
on-time figures as they were counted then. No case is marked as extended or refused.

Revision ID: a9d3f1c7e254
Revises: b4d6f8a0c2e5
Create Date: 2026-12-02 04:50:00

"""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a9d3f1c7e254'
down_revision = 'b4d6f8a0c2e5'
branch_labels = None
depends_on = None

OLD_TYPES = ('information_request', 'complaint', 'suggestion', 'report', 'congratulation')
NEW_TYPES = OLD_TYPES + ('data_access', 'data_rectification', 'data_deletion',
                         'data_objection', 'data_portability', 'data_automated_decision')
OLD_KINDS = ('filed', 'assigned', 'categorised', 'started', 'note', 'answered', 'reopened',
             'resolved', 'closed', 'rejected', 'transferred', 'escalated', 'imported')
NEW_KINDS = OLD_KINDS + ('extended',)
LOTAIP_DAYS = 10
OPEN_STATES = ('received', 'assigned', 'in_progress')


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _check(table: str, name: str, column: str, values) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')
        batch_op.create_check_constraint(op.f(f'ck_{table}_{name}'), _in(column, values))


def upgrade():
    op.create_table(
        'reserved_classifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=False),
        sa.Column('resolution_number', sa.String(length=80), nullable=False),
        sa.Column('topic', sa.String(length=300), nullable=False),
        sa.Column('legal_basis', sa.Text(), nullable=False),
        sa.Column('classified_on', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('valid_until >= classified_on',
                           name=op.f('ck_reserved_classifications_valid_after_classified')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ondelete='SET NULL',
                                name=op.f('fk_reserved_classifications_created_by_id_users')),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], ondelete='CASCADE',
                                name=op.f('fk_reserved_classifications_institution_id_institutions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reserved_classifications')),
        sa.UniqueConstraint('institution_id', 'resolution_number',
                            name=op.f('uq_reserved_classifications_institution_id_resolution_number')),
    )
    with op.batch_alter_table('reserved_classifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reserved_classifications_institution_id'),
                              ['institution_id'], unique=False)
    op.create_table(
        'lotaip_report_submissions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('submitted_on', sa.Date(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], ondelete='CASCADE',
                                name=op.f('fk_lotaip_report_submissions_institution_id_institutions')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], ondelete='SET NULL',
                                name=op.f('fk_lotaip_report_submissions_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lotaip_report_submissions')),
        sa.UniqueConstraint('institution_id', 'year',
                            name=op.f('uq_lotaip_report_submissions_institution_id_year')),
    )
    with op.batch_alter_table('lotaip_report_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lotaip_report_submissions_institution_id'),
                              ['institution_id'], unique=False)

    # Plain ADD COLUMN where a column is only added: no copy of the table.
    op.add_column('case_settings', sa.Column('offers_data_rights', sa.Boolean(),
                                             server_default=sa.true(), nullable=False))
    op.add_column('cases', sa.Column('extended_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'refusal_ground', sa.Enum('reserved', 'confidential', name='refusal_ground',
                                      native_enum=False, create_constraint=True, length=32),
            nullable=True))
        batch_op.add_column(sa.Column('classification_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_classification_id'), ['classification_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_classification_id_reserved_classifications'),
            'reserved_classifications', ['classification_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_constraint(op.f('ck_cases_case_type'), type_='check')
        batch_op.create_check_constraint(op.f('ck_cases_case_type'), _in('type', NEW_TYPES))
    _check('case_events', 'case_event_kind', 'kind', NEW_KINDS)

    # Open information requests: the LOTAIP term from today, never later than before.
    effect = datetime.now(timezone.utc).astimezone(ZoneInfo('America/Guayaquil')).date()
    new_due = effect + timedelta(days=LOTAIP_DAYS)
    bind = op.get_bind()
    cases = sa.table('cases', sa.column('id', sa.Integer), sa.column('type', sa.String),
                     sa.column('state', sa.String), sa.column('due_on', sa.Date))
    bind.execute(cases.update().where(
        cases.c.type == 'information_request', cases.c.state.in_(OPEN_STATES),
        sa.or_(cases.c.due_on.is_(None), cases.c.due_on > new_due)).values(due_on=new_due))


def downgrade():
    # Cases of the new types have no type to go back to: they become information requests
    # (the nearest: a request to the institution), with their history; extensions become notes.
    op.execute(f"UPDATE cases SET type = 'information_request' WHERE {_in('type', NEW_TYPES[5:])}")
    op.execute("UPDATE case_events SET kind = 'note', public = false WHERE kind = 'extended'")
    _check('case_events', 'case_event_kind', 'kind', OLD_KINDS)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_cases_case_type'), type_='check')
        batch_op.create_check_constraint(op.f('ck_cases_case_type'), _in('type', OLD_TYPES))
        batch_op.drop_constraint(
            batch_op.f('fk_cases_classification_id_reserved_classifications'),
            type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_classification_id'))
        batch_op.drop_constraint(op.f('ck_cases_refusal_ground'), type_='check')
        batch_op.drop_column('classification_id')
        batch_op.drop_column('refusal_ground')
        batch_op.drop_column('extended_at')
    with op.batch_alter_table('case_settings', schema=None) as batch_op:
        batch_op.drop_column('offers_data_rights')
    with op.batch_alter_table('lotaip_report_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lotaip_report_submissions_institution_id'))
    op.drop_table('lotaip_report_submissions')
    with op.batch_alter_table('reserved_classifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reserved_classifications_institution_id'))
    op.drop_table('reserved_classifications')
