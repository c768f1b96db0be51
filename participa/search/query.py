"""Asking the index: the query's terms must all be in a document, the best matches first,
and only what the asking person may see.

The public finds what is published and open to them (`public_from` in the past); staff of
an institution also find that institution's cases and its consultations before they open.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, column, func, literal_column, or_, select, table, text

from participa import authz
from participa.extensions import db
from participa.models.search import SQLITE_ENGINE_TABLE, SearchDocument
from participa.search.documents import KINDS
from participa.search.text import query_terms
from participa.timeutil import utcnow

PAGE_SIZE = 20
MAX_PAGE = 50  # beyond 1 000 results, a narrower query serves better than paging


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    institution_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Hit:
    kind: str
    item_id: int
    institution_id: int | None
    consultation_id: int | None
    dated: datetime
    title: str
    excerpt: str


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    page: int
    has_next: bool
    terms: list[str]


def staff_institution_ids(user) -> list[int]:
    """Institutions whose cases and unpublished consultations `user` may find."""
    return [institution.id for institution in authz.institutions_acting_for(user)
            if authz.can_handle_cases(user, institution)]


def _visible_to(staff_of: list[int], now: datetime):
    public = and_(SearchDocument.public_from.is_not(None), SearchDocument.public_from <= now)
    if not staff_of:
        return public
    return or_(public, SearchDocument.institution_id.in_(staff_of))


def _matching(statement, dialect: str, terms: list[str]):
    """`statement` limited to the documents holding every term, and the rank to order them
    by (lower is better), for the database in use."""
    if dialect == "postgresql":
        vector = func.to_tsvector(literal_column("'simple'"), SearchDocument.terms)
        query = func.to_tsquery(literal_column("'simple'"), " & ".join(terms))
        return statement.where(vector.op("@@")(query)), -func.ts_rank(vector, query)
    fts = table(SQLITE_ENGINE_TABLE, column("rowid"), column("rank"))
    fts_query = " ".join(f'"{term}"' for term in terms)
    statement = statement.join(fts, fts.c.rowid == SearchDocument.id).where(
        text(f"{SQLITE_ENGINE_TABLE} MATCH :fts_query").bindparams(fts_query=fts_query))
    return statement, fts.c.rank  # FTS5's rank is bm25: lower is better


def search(user, query: str, filters: Filters = Filters(), page: int = 1,
           now: datetime | None = None, staff_of: list[int] | None = None) -> Results:
    """The page `page` of what `user` may find for `query`. `staff_of`: the institutions
    `user` is staff of (staff_institution_ids), when the caller has them already."""
    terms = query_terms(query)
    page = max(1, min(page, MAX_PAGE))
    if not terms:
        return Results([], page, False, terms)
    statement, rank = _matching(select(SearchDocument), db.engine.dialect.name, terms)
    if staff_of is None:
        staff_of = staff_institution_ids(user)
    statement = statement.where(_visible_to(staff_of, now or utcnow()))
    if filters.kind in KINDS:
        statement = statement.where(SearchDocument.kind == filters.kind)
    if filters.institution_id is not None:
        statement = statement.where(SearchDocument.institution_id == filters.institution_id)
    if filters.since is not None:
        statement = statement.where(
            SearchDocument.dated >= datetime.combine(filters.since, time.min))
    if filters.until is not None:
        statement = statement.where(
            SearchDocument.dated < datetime.combine(filters.until + timedelta(days=1), time.min))
    rows = list(db.session.scalars(
        statement.order_by(rank, SearchDocument.dated.desc(), SearchDocument.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    hits = [Hit(row.kind, row.item_id, row.institution_id, row.consultation_id, row.dated,
                row.title, row.excerpt) for row in rows[:PAGE_SIZE]]
    return Results(hits, page, len(rows) > PAGE_SIZE, terms)
