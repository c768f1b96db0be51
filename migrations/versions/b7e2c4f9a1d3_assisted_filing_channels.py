"""assisted filing: a case's channel, Infocentros and their staff, assisted people, calls

`cases.channel` (NOT NULL) says how a case reached Participa: every existing case was filed
online or imported, so existing rows take the server default 'online'. The check that a case
has a contact now also accepts an assisted case (channel other than 'online'), whose person
may have no email address; existing rows satisfied the stricter check and still do.
New tables: `infocentros`, `infocentro_staff`, `assisted_filings` (one per assisted case:
the person's name and how to reach them, the consent given, a hash of the second factor,
who filed it and where) and `case_calls`. No existing row is changed otherwise or lost.
Downgrading drops the new tables and the channel; assisted cases stay as cases.

Revision ID: b7e2c4f9a1d3
Revises: a6d3f9c2e815
Create Date: 2026-12-02 08:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4f9a1d3'
down_revision = 'a6d3f9c2e815'
branch_labels = None
depends_on = None

CHANNELS = ('online', 'counter', 'infocentro', 'phone', 'letter')


def _enum(name, values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', _enum('case_channel', CHANNELS),
                                      nullable=False, server_default='online'))
        batch_op.drop_constraint(op.f('ck_cases_has_contact'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_cases_has_contact'),
            "citizen_id IS NOT NULL OR contact_email IS NOT NULL OR external_id IS NOT NULL "
            "OR anonymised_at IS NOT NULL OR channel <> 'online'")

    op.create_table(
        'infocentros',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=160), nullable=False),
        sa.Column('place_code', sa.String(length=6), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_infocentros')),
        sa.UniqueConstraint('place_code', 'name', name=op.f('uq_infocentros_place_code_name')),
    )
    op.create_table(
        'infocentro_staff',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('infocentro_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['infocentro_id'], ['infocentros.id'],
                                name=op.f('fk_infocentro_staff_infocentro_id_infocentros'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_infocentro_staff_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_infocentro_staff')),
        sa.UniqueConstraint('infocentro_id', 'user_id',
                            name=op.f('uq_infocentro_staff_infocentro_id_user_id')),
    )
    with op.batch_alter_table('infocentro_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infocentro_staff_infocentro_id'),
                              ['infocentro_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_infocentro_staff_user_id'), ['user_id'],
                              unique=False)
    op.create_table(
        'assisted_filings',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('person_name', sa.String(length=120), nullable=True),
        sa.Column('phone', sa.String(length=30), nullable=True),
        sa.Column('postal_address', sa.String(length=300), nullable=True),
        sa.Column('reach_by', _enum('reach_by', ('phone', 'post', 'email', 'come_back')),
                  nullable=False),
        sa.Column('consent_form', _enum('consent_form', ('read_aloud', 'signed_paper')),
                  nullable=False),
        sa.Column('notice_version', sa.String(length=20), nullable=False),
        sa.Column('consented_at', sa.DateTime(), nullable=False),
        sa.Column('factor', _enum('second_factor', ('pin', 'cedula')), nullable=False),
        sa.Column('factor_hash', sa.String(length=255), nullable=False),
        sa.Column('filed_by_id', sa.Integer(), nullable=True),
        sa.Column('infocentro_id', sa.Integer(), nullable=True),
        sa.Column('office_id', sa.Integer(), nullable=True),
        sa.Column('told_at', sa.DateTime(), nullable=True),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_assisted_filings_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['filed_by_id'], ['users.id'],
                                name=op.f('fk_assisted_filings_filed_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['infocentro_id'], ['infocentros.id'],
                                name=op.f('fk_assisted_filings_infocentro_id_infocentros'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['office_id'], ['institutions.id'],
                                name=op.f('fk_assisted_filings_office_id_institutions'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_assisted_filings')),
    )
    with op.batch_alter_table('assisted_filings', schema=None) as batch_op:
        batch_op.create_index('ix_assisted_filings_reach_by', ['reach_by', 'told_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_filings_filed_by_id'), ['filed_by_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_filings_infocentro_id'),
                              ['infocentro_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assisted_filings_office_id'), ['office_id'],
                              unique=False)
    op.create_table(
        'case_calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('caller_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('outcome', _enum('call_outcome', ('reached', 'no_answer', 'left_message')),
                  nullable=False),
        sa.Column('note', sa.Text(), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_calls_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['caller_id'], ['users.id'],
                                name=op.f('fk_case_calls_caller_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_calls')),
    )
    with op.batch_alter_table('case_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_calls_case_id'), ['case_id'], unique=False)


def downgrade():
    op.drop_table('case_calls')
    op.drop_table('assisted_filings')
    op.drop_table('infocentro_staff')
    op.drop_table('infocentros')
    # Assisted cases without an email address keep a contact for the older check: none is
    # left, so they count as anonymised (their person's data went with assisted_filings).
    op.execute("UPDATE cases SET anonymised_at = CURRENT_TIMESTAMP WHERE channel <> 'online' "
               "AND citizen_id IS NULL AND contact_email IS NULL AND external_id IS NULL "
               "AND anonymised_at IS NULL")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_cases_has_contact'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_cases_has_contact'),
            'citizen_id IS NOT NULL OR contact_email IS NOT NULL OR external_id IS NOT NULL '
            'OR anonymised_at IS NOT NULL')
        batch_op.drop_constraint(op.f('ck_cases_case_channel'), type_='check')
        batch_op.drop_column('channel')
