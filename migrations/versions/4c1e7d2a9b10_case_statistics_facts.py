"""case statistics kept on the case row: first response, settling, durations, filing month

Revision ID: 4c1e7d2a9b10
Revises: 3c1e7a9d5b20
Create Date: 2026-11-25 15:40:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '4c1e7d2a9b10'
down_revision = '3c1e7a9d5b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filed_month', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_response_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('settled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('was_answered', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('reopen_count', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('response_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolution_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('responded_on_time', sa.Boolean(), nullable=True))
        batch_op.create_index('ix_cases_statistics', [
            'created_at', 'institution_id', 'state', 'type', 'was_answered', 'reopen_count',
            'response_days', 'responded_on_time', 'resolution_days', 'rating', 'due_on',
            'filed_month', 'category_id'], unique=False)
    # Fill the new columns from the stored histories, with the same rule the application uses.
    from participa.cases.facts import recompute
    session = Session(bind=op.get_bind())
    # The holidays as this revision stores them (a plain list of days): the application's
    # holiday calendar reads columns that later revisions add.
    stored = session.scalars(sa.select(sa.column('day', sa.Date)).select_from(
        sa.table('holidays')).order_by(sa.column('day'))).all()
    recompute(session, holidays=list(stored))
    session.flush()


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_statistics')
        batch_op.drop_column('responded_on_time')
        batch_op.drop_column('resolution_days')
        batch_op.drop_column('response_days')
        batch_op.drop_column('reopen_count')
        batch_op.drop_column('was_answered')
        batch_op.drop_column('settled_at')
        batch_op.drop_column('first_response_at')
        batch_op.drop_column('filed_month')
