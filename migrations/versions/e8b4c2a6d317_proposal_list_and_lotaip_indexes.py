"""indexes of the public proposal list's two orders and of an institution's LOTAIP requests

The proposal list sorts the published proposals by support count (then publication date) or
by publication date: with an index in each order a page is read from it instead of sorting
every published proposal. An institution's LOTAIP report reads its information requests of
a year; the index by type, institution and filing time finds exactly those, instead of every
case the country filed that year (the type first, so that the institution's work queue keeps
reading ix_cases_queue in its order). New indexes only: no row is changed or lost.

Revision ID: e8b4c2a6d317
Revises: d3e5a7c9b024
Create Date: 2026-12-02 20:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e8b4c2a6d317'
down_revision = 'd3e5a7c9b024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_published_supports',
                              ['moderation', 'support_count', 'published_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_proposals_published_newest',
                              ['moderation', 'published_at', 'id'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_type_institution_created',
                              ['type', 'institution_id', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_type_institution_created')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_published_newest')
        batch_op.drop_index('ix_proposals_published_supports')
