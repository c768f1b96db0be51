"""holidays become changes to the law's calendar; institutions say if they are executive

The stored holidays were the whole list; the law's holidays now come from the `holidays`
package, and a stored day either adds a decreed holiday or removes a law's holiday that a
decree moved. Every existing row is kept as an added day; stored due dates stay as they are.
Case durations are recounted with the law's holidays.
Existing institutions are taken as belonging to the executive function (Participa serves the
executive's institutions); the registry import can say otherwise.

Revision ID: 7b2e4d6f8a13
Revises: 6e8a0b2c4d71
Create Date: 2026-12-02 02:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '7b2e4d6f8a13'
down_revision = '6e8a0b2c4d71'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'kind', sa.Enum('added', 'removed', name='holiday_kind', native_enum=False,
                            create_constraint=True, length=32),
            server_default='added', nullable=False))
    # A plain ADD COLUMN, not a batch: SQLite's batch copies and drops the table, and dropping
    # institutions would cascade to every row that refers to one.
    op.add_column('institutions', sa.Column('executive', sa.Boolean(), server_default=sa.true(),
                                            nullable=False))
    # Durations in business days now also skip the law's holidays: count them again, with the
    # rule the application uses.
    from participa.cases.facts import recompute
    session = Session(bind=op.get_bind())
    recompute(session)
    session.flush()


def downgrade():
    # Removed days have no meaning without the law's calendar: drop them, keep added days.
    op.execute("DELETE FROM holidays WHERE kind = 'removed'")
    op.drop_column('institutions', 'executive')  # SQLite 3.35+ drops a column in place
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_holidays_holiday_kind'), type_='check')
        batch_op.drop_column('kind')
