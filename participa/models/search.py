"""The search index: one row per searchable item, holding the terms it is found by.

Rows are derived data, rebuilt at will (`flask participa search-rebuild`); the engines'
own structures hang off this table: an FTS5 table kept in step by triggers on SQLite, a GIN
index over the terms' tsvector on PostgreSQL.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from participa.extensions import db

# SQLite's FTS5 table and its shadow tables: the engine's, not the models'.
SQLITE_ENGINE_TABLE = "search_fts"

SQLITE_FTS_DDL = [
    f"CREATE VIRTUAL TABLE {SQLITE_ENGINE_TABLE} USING fts5(terms, content='search_documents',"
    " content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN"
    f" INSERT INTO {SQLITE_ENGINE_TABLE}(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN"
    f" INSERT INTO {SQLITE_ENGINE_TABLE}({SQLITE_ENGINE_TABLE}, rowid, terms)"
    " VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN"
    f" INSERT INTO {SQLITE_ENGINE_TABLE}({SQLITE_ENGINE_TABLE}, rowid, terms)"
    " VALUES ('delete', old.id, old.terms);"
    f" INSERT INTO {SQLITE_ENGINE_TABLE}(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_au",
    f"DROP TABLE IF EXISTS {SQLITE_ENGINE_TABLE}",
]


# PostgreSQL matches and ranks through a tsvector of the terms ('simple': they are stemmed).
POSTGRESQL_ENGINE_INDEX = "ix_search_documents_terms"
POSTGRESQL_DDL = (f"CREATE INDEX {POSTGRESQL_ENGINE_INDEX} ON search_documents "
                  "USING gin (to_tsvector('simple', terms))")


def is_engine_table(name: str) -> bool:
    """Whether a table belongs to SQLite's full-text engine (not described by the models)."""
    return name == SQLITE_ENGINE_TABLE or name.startswith(SQLITE_ENGINE_TABLE + "_")


# Indexes on an expression, which PostgreSQL stores rewritten (an IN list becomes = ANY of an
# array): compared as text with the models', they would always look changed.
EXPRESSION_INDEXES = frozenset({"ix_cases_queue"})


def described_by_the_models(name, type_, _parent_names=None) -> bool:
    """For schema comparisons: leave out the full-text engines' own tables and index, and the
    expression indexes that cannot be compared."""
    if type_ == "table":
        return not is_engine_table(name)
    if type_ == "index":
        return name != POSTGRESQL_ENGINE_INDEX and name not in EXPRESSION_INDEXES
    return True


def compared_with_the_database(_object, name, type_, _reflected, _compare_to) -> bool:
    """For schema comparisons, on the models' side: the expression indexes are left out too
    (else they would always look missing from the database)."""
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


class SearchDocument(db.Model):
    __tablename__ = "search_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # consultation, section, comment, proposal, case
    item_id: Mapped[int]
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    # From when the public may find it; None: only the institution's staff (cases, drafts
    # without a date are never public).
    public_from: Mapped[datetime | None] = mapped_column(index=True)
    dated: Mapped[datetime] = mapped_column(index=True)  # the item's own date
    title: Mapped[str] = mapped_column(String(300))
    excerpt: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("kind", "item_id", name="uq_search_documents_item"),
    )



for _statement in SQLITE_FTS_DDL:
    event.listen(SearchDocument.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="sqlite"))
event.listen(SearchDocument.__table__, "after_create",
             DDL(POSTGRESQL_DDL).execute_if(dialect="postgresql"))
for _statement in SQLITE_FTS_DROP:
    event.listen(SearchDocument.__table__, "before_drop",
                 DDL(_statement).execute_if(dialect="sqlite"))
