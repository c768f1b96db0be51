"""identity verification: levels, verifications, the census, registry requests

A verification proves the identity behind an account's declared cédula (census file, in
person, civil registry); `verifications` keeps who, how, where and when, and revocations.
A partial unique index (revoked_at IS NULL) on the identity's keyed hash means two accounts
never hold the same verified identity. Questions get `binding` and `required_level`;
proposals and proposal settings the level needed to support; ballots and supports record
the voter's level when cast. Existing ballots and supports were cast with a declared
cédula: the server default says so. No rows are lost.

Revision ID: 5ce77a3878ff
Revises: f4b2d8a6c1e9
Create Date: 2026-12-02 02:19:10.065032

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ce77a3878ff'
down_revision = 'f4b2d8a6c1e9'
branch_labels = None
depends_on = None

LEVELS = ('email_confirmed', 'cedula_declared', 'identity_verified')
# table, column, enum (CHECK constraint) name, server default
LEVEL_COLUMNS = (
    ('ballots', 'level', 'ballot_level', 'cedula_declared'),
    ('consultation_questions', 'required_level', 'question_required_level', None),
    ('proposal_settings', 'supporter_level', 'proposal_settings_supporter_level',
     'cedula_declared'),
    ('proposal_supports', 'level', 'proposal_support_level', 'cedula_declared'),
    ('proposals', 'required_level', 'proposal_required_level', 'cedula_declared'),
)


def _add_level_column(table: str, column: str, name: str, default: str | None) -> None:
    """A level column with its CHECK constraint, added in place on both databases (SQLite
    accepts a column CHECK in ADD COLUMN; elsewhere Alembic adds the constraint)."""
    if op.get_bind().dialect.name == 'sqlite':
        values = ', '.join(f"'{level}'" for level in LEVELS)
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(32)"
                   + (f" DEFAULT '{default}' NOT NULL" if default else "")
                   + f" CONSTRAINT ck_{table}_{name} CHECK ({column} IN ({values}))")
        return
    op.add_column(table, sa.Column(
        column, sa.Enum(*LEVELS, name=name, native_enum=False, create_constraint=True,
                        length=32),
        server_default=default, nullable=default is None))


def upgrade():
    op.create_table('census_entries',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('parish', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_census_entries'))
    )
    op.create_table('registry_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'matched', 'no_match', name='registry_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_registry_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_requests'))
    )
    with op.batch_alter_table('registry_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_requests_user_id'), ['user_id'], unique=False)

    op.create_table('verifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('identity_key', sa.String(length=64), nullable=False),
    sa.Column('method', sa.Enum('census', 'in_person', 'registry', name='verification_method', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=False),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_verifications_institution_id_institutions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_verifications_revoked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_verifications_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_verifications_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verifications'))
    )
    with op.batch_alter_table('verifications', schema=None) as batch_op:
        batch_op.create_index('uq_verifications_active_identity', ['identity_key'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.create_index('uq_verifications_active_user', ['user_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))

    # Plain ADD COLUMN, never a batch copy: on SQLite a copy drops and recreates the table,
    # and dropping consultation_questions, proposals or ballots would cascade to the ballots,
    # supports and choices that reference them.
    op.add_column('consultation_questions', sa.Column('binding', sa.Boolean(),
                                                      server_default=sa.false(), nullable=False))
    for table, column, name, default in LEVEL_COLUMNS:
        _add_level_column(table, column, name, default)


def downgrade():
    # A database built from the models holds each level's CHECK as a table constraint, which
    # SQLite's DROP COLUMN refuses: rebuild those tables (batch mode; foreign keys are off
    # during migrations on SQLite, so the copy drops no child row).
    inspector = sa.inspect(op.get_bind())
    for table, column, name, _ in reversed(LEVEL_COLUMNS):
        checks = {check['name'] for check in inspector.get_check_constraints(table)}
        with op.batch_alter_table(table) as batch_op:
            if f'ck_{table}_{name}' in checks:
                batch_op.drop_constraint(name, type_='check')  # named by the convention
            batch_op.drop_column(column)
    with op.batch_alter_table('consultation_questions') as batch_op:
        batch_op.drop_column('binding')

    with op.batch_alter_table('verifications', schema=None) as batch_op:
        batch_op.drop_index('uq_verifications_active_user', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index('uq_verifications_active_identity', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))

    op.drop_table('verifications')
    with op.batch_alter_table('registry_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_requests_user_id'))

    op.drop_table('registry_requests')
    op.drop_table('census_entries')
