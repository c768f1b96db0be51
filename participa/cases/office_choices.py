"""The choices of a case page's action panel (the officials a case may be assigned to, the
active categories, the reply templates, the institutions a case may be transferred to) are
the same on every case of an institution: four queries per page, kept in this process
instead, under a change token that a commit renews when it touches what they list (a
membership, a person's name or account, a category, a template, an institution), so that
the next page shows the change. Changes made behind the application's back wait for the
cache period (STATS_CACHE_SECONDS); with none (as in tests) nothing is kept."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from participa.expiring_lru import ExpiringLRU
from participa.extensions import db
from participa.figures_cache import current_tokens, track_changes
from participa.models import (CaseCategory, CaseReplyTemplate, Institution, Membership,
                              User)

KEY_VERSION = "1"
_TOKEN = f"case-office:{KEY_VERSION}:token"
_KEPT = ExpiringLRU(256)
# What the lists show of a person: a login or a new password leaves them as they were.
USER_COLUMNS = ("name", "is_active_account")
LISTED = (Membership, CaseCategory, CaseReplyTemplate, Institution)


@dataclass(frozen=True)
class OfficeChoices:
    handlers: tuple[tuple[int, str], ...]  # (user id, name) by name
    categories: tuple[tuple[int, str], ...]  # the active ones, (id, name) by name
    templates: tuple[tuple[int, str], ...]  # (id, title) by title
    institutions: tuple[tuple[int, str, str], ...]  # other active ones, (id, acronym, name)


def _read(institution: Institution) -> OfficeChoices:
    from participa.cases import replies, service

    others = db.session.execute(select(Institution.id, Institution.acronym, Institution.name)
                                .where(Institution.active.is_(True),
                                       Institution.id != institution.id)
                                .order_by(Institution.name)).all()
    return OfficeChoices(
        handlers=tuple((u.id, u.name) for u in service.case_handlers(institution)),
        categories=tuple((c.id, c.name) for c in service.active_categories(institution)),
        templates=tuple((t.id, t.title) for t in replies.templates_of(institution)),
        institutions=tuple((i.id, i.acronym, i.name) for i in others))


def for_institution(institution: Institution) -> OfficeChoices:
    seconds = current_app.config["STATS_CACHE_SECONDS"]
    if seconds <= 0:
        return _read(institution)
    key = (institution.id, current_tokens(_TOKEN)[0])
    kept = _KEPT.get(key)
    if kept is None:
        kept = _read(institution)
        _KEPT.put(key, kept, seconds)
    return kept


def _changed_lists(session: Session, _context) -> tuple[str, ...]:
    for items in (session.new, session.deleted, session.dirty):
        for item in items:
            if isinstance(item, LISTED):
                return (_TOKEN,)
            if isinstance(item, User) and items is not session.new and (
                    items is session.deleted or any(
                        inspect(item).attrs[name].history.has_changes()
                        for name in USER_COLUMNS)):
                return (_TOKEN,)
    return ()


def _changed_in_bulk(execute_state) -> tuple[str, ...]:
    """A statement run on many rows at once: its rows are unknown, so the lists start
    afresh."""
    mapper = execute_state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, (*LISTED, User)):
        return (_TOKEN,)
    return ()


track_changes(_changed_lists, statements=_changed_in_bulk)
