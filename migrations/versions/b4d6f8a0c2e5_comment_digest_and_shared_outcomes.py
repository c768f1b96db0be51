"""comment digest and shared outcomes

New tables only: the digest of a consultation's comments (near-duplicate groups and themes,
rebuilt in the background) and the outcomes an institution shares with a group of similar
comments. No existing row changes.

Revision ID: b4d6f8a0c2e5
Revises: a9c3e5f7b1d2
Create Date: 2026-12-02 04:56:50.284055

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d6f8a0c2e5'
down_revision = 'a9c3e5f7b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('themes', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_comment_digests_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_digests')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_comment_digests_consultation_id'))
    )
    op.create_table('comment_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('representative_id', sa.Integer(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stance_for', sa.Integer(), nullable=False),
    sa.Column('stance_against', sa.Integer(), nullable=False),
    sa.Column('stance_neutral', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['digest_id'], ['comment_digests.id'], name=op.f('fk_comment_groups_digest_id_comment_digests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['representative_id'], ['consultation_comments.id'], name=op.f('fk_comment_groups_representative_id_consultation_comments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['consultation_sections.id'], name=op.f('fk_comment_groups_section_id_consultation_sections'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_groups'))
    )
    with op.batch_alter_table('comment_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_groups_digest_id'), ['digest_id'], unique=False)

    op.create_table('shared_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('incorporated', 'partly', 'not_incorporated', name='decision', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('representative_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_shared_outcomes_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_shared_outcomes_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['representative_id'], ['consultation_comments.id'], name=op.f('fk_shared_outcomes_representative_id_consultation_comments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_outcomes'))
    )
    with op.batch_alter_table('shared_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_outcomes_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('comment_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['consultation_comments.id'], name=op.f('fk_comment_group_members_comment_id_consultation_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['comment_groups.id'], name=op.f('fk_comment_group_members_group_id_comment_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'comment_id', name=op.f('pk_comment_group_members'))
    )
    with op.batch_alter_table('comment_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_group_members_comment_id'), ['comment_id'], unique=False)

    op.create_table('shared_outcome_members',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('shared_outcome_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['consultation_comments.id'], name=op.f('fk_shared_outcome_members_comment_id_consultation_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_outcome_id'], ['shared_outcomes.id'], name=op.f('fk_shared_outcome_members_shared_outcome_id_shared_outcomes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('comment_id', name=op.f('pk_shared_outcome_members'))
    )
    with op.batch_alter_table('shared_outcome_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_outcome_members_shared_outcome_id'), ['shared_outcome_id'], unique=False)



def downgrade():
    with op.batch_alter_table('shared_outcome_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_outcome_members_shared_outcome_id'))

    op.drop_table('shared_outcome_members')
    with op.batch_alter_table('comment_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_group_members_comment_id'))

    op.drop_table('comment_group_members')
    with op.batch_alter_table('shared_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_outcomes_consultation_id'))

    op.drop_table('shared_outcomes')
    with op.batch_alter_table('comment_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_groups_digest_id'))

    op.drop_table('comment_groups')
    op.drop_table('comment_digests')
