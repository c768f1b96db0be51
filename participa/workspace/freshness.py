"""The workspace's costly counts (an institution's open cases, its comments awaiting an
answer: thousands of rows each at national scale) are cached under tokens, one per
institution and topic, that change when a commit adds, removes or changes what they count.
An official who resolves a case or answers a comment sees the new counts at once; a change
to something else (a note on a case, a comment on another institution's consultation)
keeps them cached.

A token is replaced after the commit, never before (participa.figures_cache.track_changes).
Changes made behind the application's back (SQL outside the session) wait for the cache
period (STATS_CACHE_SECONDS)."""
from __future__ import annotations


from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key
from sqlalchemy.orm.base import NO_VALUE

from participa.figures_cache import current_tokens, track_changes
from participa.models import Case, Comment, Consultation

CASES, COMMENTS = "cases", "comments"
EVERY_INSTITUTION = "all"  # a bulk statement: its rows' institutions are unknown
# Bump when the shape of a cached value changes (a shared Redis outlives a release).
KEY_VERSION = "1"

# What the counts and the kept work queue (participa.cases.queue_content) read: a change to
# another column (a note, the statistics' facts, the citizen's last visit) leaves them.
CASE_COLUMNS = frozenset({"institution_id", "state", "due_on", "priority",
                          "information_requested_at", "assignee_id", "category_id"})
COMMENT_COLUMNS = frozenset({"consultation_id", "parent_id", "is_official", "answered_at",
                             "deleted_at", "moderation"})


def enabled() -> bool:
    return current_app.config["STATS_CACHE_SECONDS"] > 0


def _token_key(topic: str, institution) -> str:
    return f"workspace:{KEY_VERSION}:token:{topic}:{institution}"


def tokens(institution_id: int) -> dict[str, str]:
    """The current token of each topic for this institution (bulk changes included)."""
    keys = [_token_key(CASES, institution_id), _token_key(COMMENTS, institution_id),
            _token_key(CASES, EVERY_INSTITUTION), _token_key(COMMENTS, EVERY_INSTITUTION)]
    own_cases, own_comments, all_cases, all_comments = current_tokens(*keys)
    return {CASES: f"{own_cases}.{all_cases}", COMMENTS: f"{own_comments}.{all_comments}"}


def _changed(item, columns: frozenset[str]) -> bool:
    state = inspect(item)
    return any(state.attrs[name].history.has_changes() for name in columns)


def _values(item, column: str, deleted: bool = False) -> set:
    """The column's value now and before this flush (an institution a case left counts).
    A deleted row's unloaded column cannot be read any more: every institution, then."""
    attribute = inspect(item).attrs[column]
    now = attribute.loaded_value if deleted else getattr(item, column)
    if now is NO_VALUE:
        return {EVERY_INSTITUTION}
    return {value for value in (now, *attribute.history.deleted) if value is not None}


def _institutions_of(session: Session, consultation_ids: set[int]) -> set[int]:
    found, unknown = set(), set()
    for consultation_id in consultation_ids:
        known = session.identity_map.get(identity_key(Consultation, consultation_id))
        if known is not None and "institution_id" in known.__dict__:
            found.add(known.institution_id)
        else:
            unknown.add(consultation_id)
    if unknown:  # the connection, not the session: no autoflush inside a flush
        found.update(session.connection().scalars(
            select(Consultation.institution_id).where(Consultation.id.in_(unknown))))
    return found


def _changed_counts(session: Session, _context) -> set[str]:
    changed: set[tuple[str, object]] = set()
    consultations: set[int] = set()
    # New and deleted rows count whole; a changed row only if a counted column changed.
    for items, whole, deleted in ((session.new, True, False), (session.deleted, True, True),
                                  (session.dirty, False, False)):
        for item in items:
            if isinstance(item, Case):
                if whole or _changed(item, CASE_COLUMNS):
                    changed.update((CASES, iid)
                                   for iid in _values(item, "institution_id", deleted))
            elif isinstance(item, Comment):
                if whole or _changed(item, COMMENT_COLUMNS):
                    consultations.update(_values(item, "consultation_id", deleted))
            elif isinstance(item, Consultation):
                if whole or _changed(item, frozenset({"institution_id"})):
                    changed.update((COMMENTS, iid)
                                   for iid in _values(item, "institution_id", deleted))
    if EVERY_INSTITUTION in consultations:
        consultations.discard(EVERY_INSTITUTION)
        changed.add((COMMENTS, EVERY_INSTITUTION))
    if consultations:
        changed.update((COMMENTS, iid) for iid in _institutions_of(session, consultations))
    return {_token_key(topic, institution) for topic, institution in changed}


def _changed_in_bulk(execute_state) -> tuple[str, ...]:
    """An UPDATE or DELETE statement through the session (not row by row): its rows'
    institutions are unknown, so every institution's counts of that topic start afresh,
    unless it sets only columns the counts do not read."""
    if not (execute_state.is_update or execute_state.is_delete or execute_state.is_insert):
        return ()
    mapper = execute_state.bind_mapper
    entity = mapper.class_ if mapper is not None else None
    if entity is Case:
        topic, columns = CASES, CASE_COLUMNS
    elif entity in (Comment, Consultation):
        topic, columns = COMMENTS, COMMENT_COLUMNS | {"institution_id"}
    else:
        return ()
    if execute_state.is_update and not execute_state.parameters:
        values = getattr(execute_state.statement, "_values", None) or {}
        names = {getattr(key, "key", key) for key in values}
        if names and not names & columns:
            return ()
    return (_token_key(topic, EVERY_INSTITUTION),)


track_changes(_changed_counts, statements=_changed_in_bulk)
