"""one voice per cédula: ballots and supports keyed by the cédula's hash; cédula conflicts

Ballots and proposal supports get `voter_key`, the HMAC-SHA256 of their voter's cédula under
PARTICIPA_CEDULA_HASH_KEY, and their unique constraints move from the account to that key, so
that deleting an account and registering again with the same cédula gives no second voice.
Their `user_id` may now be empty (the account was deleted).

Existing rows are backfilled from their account's cédula. The key comes from the application
running the migration (`flask db upgrade` builds it from PARTICIPA_CEDULA_HASH_KEY, or the
development key in instance/), else from the environment; when rows need it and there is
none, the migration stops and says so rather than store hashes nobody can match. Rows whose
account has no cédula any more (accounts deleted before this revision) cannot be matched to a
person: they stay counted under a key of their own, `account-<id>`.

Revision ID: c3a8e51f7d20
Revises: 5d7e9f1a3b62
Create Date: 2026-12-02 02:00:00

"""
import hashlib
import hmac
import os

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3a8e51f7d20'
down_revision = '5d7e9f1a3b62'
branch_labels = None
depends_on = None

TABLES = (
    # table, old unique constraint, its columns, new unique constraint
    ('ballots', 'uq_ballots_question_user', ['question_id', 'user_id'],
     'uq_ballots_question_voter', ['question_id', 'voter_key']),
    ('proposal_supports', 'uq_proposal_supports_proposal_id_user_id', ['proposal_id', 'user_id'],
     'uq_proposal_supports_proposal_id_voter_key', ['proposal_id', 'voter_key']),
)


def _hash_key() -> str | None:
    try:
        from flask import current_app

        return current_app.config.get('CEDULA_HASH_KEY')
    except RuntimeError:  # no application: alembic run on its own
        return os.environ.get('PARTICIPA_CEDULA_HASH_KEY')


def _backfill(connection, table: str) -> None:
    voters = connection.execute(sa.text(
        f'SELECT DISTINCT users.id, users.cedula FROM {table} '
        f'JOIN users ON users.id = {table}.user_id WHERE users.cedula IS NOT NULL')).all()
    if voters:
        key = _hash_key()
        if not key:
            raise RuntimeError(
                'PARTICIPA_CEDULA_HASH_KEY is not set: this migration stores the keyed hash '
                'of each voter\'s cédula on their ballots and supports and needs the key the '
                'application will use. Set it (the same value as the app servers) and run '
                '`flask db upgrade` again.')
        connection.execute(
            sa.text(f'UPDATE {table} SET voter_key = :voter_key WHERE user_id = :user_id'),
            [{'user_id': user_id,
              'voter_key': hmac.new(key.encode(), cedula.encode(), hashlib.sha256).hexdigest()}
             for user_id, cedula in voters])
    connection.execute(sa.text(
        f"UPDATE {table} SET voter_key = 'account-' || CAST(user_id AS VARCHAR(20)) "
        f'WHERE voter_key IS NULL'))


def upgrade():
    connection = op.get_bind()
    for table, old_unique, _, new_unique, new_columns in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('voter_key', sa.String(length=64), nullable=True))
        _backfill(connection, table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('voter_key', existing_type=sa.String(length=64),
                                  nullable=False)
            batch_op.drop_constraint(old_unique, type_='unique')
            batch_op.create_unique_constraint(new_unique, new_columns)
            batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
            batch_op.drop_constraint(f'fk_{table}_user_id_users', type_='foreignkey')
            batch_op.create_foreign_key(f'fk_{table}_user_id_users', 'users', ['user_id'],
                                        ['id'], ondelete='SET NULL')

    op.create_table('cedula_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claimant_id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claimant_id'], ['users.id'], name=op.f('fk_cedula_conflicts_claimant_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['holder_id'], ['users.id'], name=op.f('fk_cedula_conflicts_holder_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cedula_conflicts')),
    sa.UniqueConstraint('claimant_id', name=op.f('uq_cedula_conflicts_claimant_id'))
    )
    with op.batch_alter_table('cedula_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cedula_conflicts_holder_id'), ['holder_id'],
                              unique=False)


def downgrade():
    """Back to one voice per account. Ballots and supports of deleted accounts have no
    account to go back to: rather than drop them (and change totals), the downgrade stops."""
    with op.batch_alter_table('cedula_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cedula_conflicts_holder_id'))
    op.drop_table('cedula_conflicts')

    connection = op.get_bind()
    for table, old_unique, old_columns, new_unique, _ in TABLES:
        orphans = connection.execute(sa.text(
            f'SELECT count(*) FROM {table} WHERE user_id IS NULL')).scalar()
        if orphans:
            raise RuntimeError(
                f'{orphans} rows of {table} belong to deleted accounts and would be lost by '
                'this downgrade; it stops so that no ballot or support disappears.')
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_user_id_users', type_='foreignkey')
            batch_op.create_foreign_key(f'fk_{table}_user_id_users', 'users', ['user_id'],
                                        ['id'], ondelete='CASCADE')
            batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
            batch_op.drop_constraint(new_unique, type_='unique')
            batch_op.create_unique_constraint(old_unique, old_columns)
            batch_op.drop_column('voter_key')
