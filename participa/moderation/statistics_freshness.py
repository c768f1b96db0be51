"""The moderation figures of a period (five aggregates over flags, items and the audit log)
are kept in this process under a change token that a commit renews when it adds, changes
or removes what they count: a flag, a moderation item, a moderation decision in the audit
log, a proposal held for pre-moderation. The next dashboard after a decision shows it.
Changes made behind the application's back wait for the cache period
(STATS_CACHE_SECONDS); with none (as in tests) nothing is kept."""
from __future__ import annotations

from typing import Callable, TypeVar

from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from participa.expiring_lru import ExpiringLRU
from participa.figures_cache import current_tokens, track_changes
from participa.models import AuditEntry, Flag, ModerationItem, Proposal

T = TypeVar("T")
KEY_VERSION = "1"
_TOKEN = f"moderation-figures:{KEY_VERSION}:token"
_KEPT = ExpiringLRU(128)


def kept(key: tuple, compute: Callable[[], T]) -> T:
    """The value computed for `key`, kept until a change to what it counts (or the cache
    period). The caller must not change it."""
    seconds = current_app.config["STATS_CACHE_SECONDS"]
    if seconds <= 0:
        return compute()
    full_key = (*key, current_tokens(_TOKEN)[0])
    value = _KEPT.get(full_key)
    if value is None:
        value = compute()
        _KEPT.put(full_key, value, seconds)
    return value


def _counts(item, whole: bool) -> bool:
    if isinstance(item, (Flag, ModerationItem)):
        return True
    if isinstance(item, AuditEntry):
        from participa.moderation.statistics import DECISIONS  # it imports this module

        return item.action in DECISIONS
    if isinstance(item, Proposal):  # its submission time is what a held one waited from
        return whole or inspect(item).attrs["created_at"].history.has_changes()
    return False


def _changed(session: Session, _context) -> tuple[str, ...]:
    for items, whole in ((session.new, False), (session.deleted, True), (session.dirty, False)):
        if any(_counts(item, whole) for item in items):
            return (_TOKEN,)
    return ()


def _changed_in_bulk(execute_state) -> tuple[str, ...]:
    mapper = execute_state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, (AuditEntry, Flag, ModerationItem,
                                                         Proposal)):
        return (_TOKEN,)
    return ()


track_changes(_changed, statements=_changed_in_bulk)
