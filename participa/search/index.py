"""Keeping the index in step with the data: every flush that adds, changes or deletes an
indexed item rewrites its document in the same transaction (so a hidden comment stops
being findable the moment the moderator's change commits), and a rebuild writes them all.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case as sql_case
from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.orm import Session

from participa.models import Case, Comment, Consultation, Proposal, Section
from participa.models.search import SearchDocument
from participa.search.documents import INDEXED_CLASSES, document_for, kind_of, public_from

documents = SearchDocument.__table__
REBUILD_BATCH = 2000


def write(connection, items: Iterable) -> None:
    """Rewrite the documents of `items` (their rows are removed when they must not be found)."""
    for item in items:
        kind = kind_of(item)
        if kind is None or item.id is None:
            continue
        connection.execute(delete(documents).where(documents.c.kind == kind,
                                                   documents.c.item_id == item.id))
        values = document_for(item)
        if values is not None:
            connection.execute(insert(documents).values(**values.as_row()))


def remove(connection, kind: str, item_ids) -> None:
    """Forget items: `item_ids` is a list or a select of ids."""
    connection.execute(delete(documents).where(documents.c.kind == kind,
                                               documents.c.item_id.in_(item_ids)))


def _follow_consultation_dates(connection, consultation: Consultation) -> None:
    """A consultation's dates decide when its articles (from the announce date) and its
    comments (from the opening) may be found."""
    opens, readable = consultation.opens_at, public_from(consultation)
    connection.execute(
        update(documents)
        .where(documents.c.consultation_id == consultation.id,
               documents.c.kind.in_(("section", "comment")))
        .values(public_from=sql_case(
                    (documents.c.kind == "section", readable),
                    (documents.c.dated > opens, documents.c.dated), else_=opens),
                dated=sql_case((documents.c.kind == "section", opens),
                               else_=documents.c.dated)))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    changed = [item for item in (*session.new, *session.dirty)
               if isinstance(item, INDEXED_CLASSES)
               and (item in session.new or session.is_modified(item))]
    gone = [item for item in session.deleted if isinstance(item, INDEXED_CLASSES)]
    if not changed and not gone:
        return
    connection = session.connection()
    for item in gone:
        if item.id is not None:
            remove(connection, kind_of(item), [item.id])
    write(connection, changed)
    for item in changed:
        if isinstance(item, Consultation) and item not in session.new:
            _follow_consultation_dates(connection, item)


def rebuild(session: Session, progress=None) -> int:
    """Write every document afresh; returns how many items are findable."""
    connection = session.connection()
    connection.execute(delete(documents))
    total = 0
    for model in (Consultation, Section, Comment, Proposal, Case):
        last_id = 0
        while True:
            batch = list(session.scalars(select(model).where(model.id > last_id)
                                         .order_by(model.id).limit(REBUILD_BATCH)))
            if not batch:
                break
            rows = [values.as_row() for values in map(document_for, batch)
                    if values is not None]
            if rows:
                connection.execute(insert(documents), rows)
            total += len(rows)
            last_id = batch[-1].id
            session.expunge_all()
            if progress is not None:
                progress(model.__tablename__, last_id, total)
    return total
