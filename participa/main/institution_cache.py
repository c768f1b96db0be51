"""The body of an institution's public page, rendered once and kept in Participa's cache
(files per server, or Redis shared by all servers) instead of ten queries and a template per
visit.

It is kept under the institution, the language, the day and two tokens that a commit
changes: the figures' cache generation (cases and their events, consultations, proposals,
answers, institutions: participa.dashboard.invalidation) and this institution's own token,
which also follows supports (counted by the database, behind the ORM's back). It expires at
the next moment a listed item changes by the clock alone (a consultation announced, opened
or closed, a proposal's support window ended), and after PAGE_SECONDS at most for changes
made behind the application's back. Without the figures' generation (STATS_CACHE_SECONDS 0,
as in tests) nothing is kept. The body holds nothing of the visitor: the page's frame (menu,
account) is rendered per request."""
from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from participa.extensions import cache
from participa.figures_cache import current_tokens, generation, track_changes
from participa.models import Consultation, Institution, Proposal, ProposalAnswer, ProposalSupport
from participa.timeutil import utcnow

KEY_VERSION = "1"
PAGE_SECONDS = 60


def _token_key(institution_id: int) -> str:
    return f"institution-page:{KEY_VERSION}:token:{institution_id}"


def _token(institution_id: int) -> str:
    return current_tokens(_token_key(institution_id))[0]


def cached_body(institution: Institution, today: date,
                render: Callable[[], tuple[str, datetime | None]]) -> Markup:
    """The page body that `render` gives (its HTML and the next moment it changes by the
    clock, or None), from the cache when it is still valid."""
    if current_app.config["STATS_CACHE_SECONDS"] <= 0:
        return Markup(render()[0])
    key = (f"institution-page:{KEY_VERSION}:{institution.id}:{get_locale()}:{today}:"
           f"{generation()}:{_token(institution.id)}")
    html = cache.get(key)
    if html is None:
        html, changes_at = render()
        seconds = PAGE_SECONDS
        if changes_at is not None:
            seconds = min(seconds, int((changes_at - utcnow()).total_seconds()))
        if seconds > 0:
            cache.set(key, html, timeout=seconds)
    return Markup(html)


def _institutions_of(session: Session, items) -> set[int]:
    ids: set[int] = set()
    proposal_ids: set[int] = set()
    for item in items:
        if isinstance(item, Institution):
            ids.add(item.id)
        elif isinstance(item, (Consultation, Proposal)):
            ids.add(item.institution_id)
        elif isinstance(item, (ProposalSupport, ProposalAnswer)):
            proposal_ids.add(item.proposal_id)
    if proposal_ids:
        ids.update(session.connection().scalars(
            select(Proposal.institution_id).where(Proposal.id.in_(proposal_ids))))
    ids.discard(None)
    return ids


def _changed_pages(session: Session, _context) -> set[str]:
    items = [*session.new, *session.dirty, *session.deleted]
    if not any(isinstance(i, (Institution, Consultation, Proposal, ProposalSupport,
                              ProposalAnswer)) for i in items):
        return set()
    return {_token_key(institution_id) for institution_id in _institutions_of(session, items)}


track_changes(_changed_pages)
