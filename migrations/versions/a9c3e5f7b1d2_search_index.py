"""full-text search index over consultations, articles, comments, proposals and cases

A new table of derived rows (search_documents), with SQLite's FTS5 table kept in step by
triggers, or a GIN index over the terms on PostgreSQL. It is filled here from the rows
already stored, with plain SQL on the columns this revision knows, so that search works at
once after the upgrade; `flask participa search-rebuild` writes it afresh at any time.
No existing row changes.

Revision ID: a9c3e5f7b1d2
Revises: 7b2e4d6f8a13
Create Date: 2026-12-02 05:00:00

"""
import html

from alembic import op
import sqlalchemy as sa


revision = 'a9c3e5f7b1d2'
down_revision = '7b2e4d6f8a13'
branch_labels = None
depends_on = None

EXCERPT = 280


def upgrade():
    op.create_table(
        'search_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('consultation_id', sa.Integer(), nullable=True),
        sa.Column('public_from', sa.DateTime(), nullable=True),
        sa.Column('dated', sa.DateTime(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('excerpt', sa.Text(), nullable=False),
        sa.Column('terms', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'],
                                name=op.f('fk_search_documents_consultation_id_consultations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'],
                                name=op.f('fk_search_documents_institution_id_institutions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
        sa.UniqueConstraint('kind', 'item_id', name='uq_search_documents_item'),
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        for column in ('consultation_id', 'dated', 'institution_id', 'public_from'):
            batch_op.create_index(batch_op.f(f'ix_search_documents_{column}'), [column],
                                  unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        from participa.models.search import SQLITE_FTS_DDL
        for statement in SQLITE_FTS_DDL:
            op.execute(statement)
    elif bind.dialect.name == 'postgresql':
        from participa.models.search import POSTGRESQL_DDL
        op.execute(POSTGRESQL_DDL)
    _fill(bind)


def _excerpt(text):
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"


def _fill(bind):
    from participa.sanitize import plain_text
    from participa.search.text import indexed_text

    documents = sa.table('search_documents', *(sa.column(name) for name in (
        'kind', 'item_id', 'institution_id', 'consultation_id', 'public_from', 'dated',
        'title', 'excerpt', 'terms')))
    rows = []

    def add(**values):
        rows.append(values)
        if len(rows) >= 1000:
            bind.execute(documents.insert(), rows)
            rows.clear()

    consultations = {}
    for c in bind.execute(sa.text(
            "SELECT id, institution_id, title, summary, topic, opens_at FROM consultations")):
        consultations[c.id] = c
        add(kind='consultation', item_id=c.id, institution_id=c.institution_id,
            consultation_id=c.id, public_from=c.opens_at, dated=c.opens_at, title=c.title,
            excerpt=_excerpt(c.summary), terms=indexed_text(c.title, c.summary or '',
                                                             c.topic or ''))
    for s in bind.execute(sa.text(
            "SELECT id, consultation_id, heading, body_html FROM consultation_sections")):
        c = consultations.get(s.consultation_id)
        if c is None:
            continue
        body = html.unescape(plain_text(s.body_html or ''))
        add(kind='section', item_id=s.id, institution_id=c.institution_id,
            consultation_id=c.id, public_from=c.opens_at, dated=c.opens_at,
            title=(s.heading or c.title)[:300], excerpt=_excerpt(body),
            terms=indexed_text(s.heading or '', body))
    for m in bind.execute(sa.text(
            "SELECT id, consultation_id, body_text, created_at FROM consultation_comments "
            "WHERE moderation = 'published' AND deleted_at IS NULL")):
        c = consultations.get(m.consultation_id)
        if c is None:
            continue
        created = m.created_at or c.opens_at
        add(kind='comment', item_id=m.id, institution_id=c.institution_id,
            consultation_id=c.id, public_from=max(created, c.opens_at), dated=created,
            title=c.title[:300], excerpt=_excerpt(m.body_text),
            terms=indexed_text(m.body_text or ''))
    for p in bind.execute(sa.text(
            "SELECT id, institution_id, title, summary, body, created_at FROM proposals "
            "WHERE moderation = 'published'")):
        add(kind='proposal', item_id=p.id, institution_id=p.institution_id,
            consultation_id=None, public_from=p.created_at, dated=p.created_at,
            title=p.title, excerpt=_excerpt(p.summary),
            terms=indexed_text(p.title, p.summary or '', p.body or ''))
    for k in bind.execute(sa.text(
            "SELECT id, code, institution_id, subject, description, created_at FROM cases")):
        add(kind='case', item_id=k.id, institution_id=k.institution_id, consultation_id=None,
            public_from=None, dated=k.created_at, title=f"{k.code} · {k.subject}"[:300],
            excerpt=_excerpt(k.description), terms=indexed_text(k.code, k.subject or '',
                                                                k.description or ''))
    if rows:
        bind.execute(documents.insert(), rows)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        from participa.models.search import SQLITE_FTS_DROP
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    elif bind.dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_documents_terms")
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        for column in ('public_from', 'institution_id', 'dated', 'consultation_id'):
            batch_op.drop_index(batch_op.f(f'ix_search_documents_{column}'))
    op.drop_table('search_documents')
