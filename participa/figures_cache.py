"""Figures that take a national-scale aggregate to compute are kept for a short, documented
time (STATS_CACHE_SECONDS, 5 minutes by default) instead of being computed per request."""
from __future__ import annotations

import time
import uuid
from typing import Callable, Iterable, TypeVar

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from participa.expiring_lru import ExpiringLRU
from participa.extensions import cache

T = TypeVar("T")
# Part of every key: bump it when the shape of a cached value changes, so that app servers
# running the new code never read what an older release stored in a shared Redis.
KEY_VERSION = "2"


# How long a request waits for another worker that is computing the same figures.
WAIT_SECONDS = 30
POLL_SECONDS = 0.05


def _full_key(key: str) -> str:
    return f"figures:{KEY_VERSION}:{key}"


# Values also kept in this process (`local`): a national report unpickled from the shared
# cache on every read costs tens of milliseconds. Only for keys that change whenever their
# value would (a cache generation, a published revision), and never past their expiry.
LOCAL_ENTRIES = 32
_LOCAL = ExpiringLRU(LOCAL_ENTRIES)


def remember(key: str, compute: Callable[[], T], seconds: int | None = None,
             refresh: bool = False, local: bool = False, shared: bool = True) -> T:
    """The value cached under `key`, computed and stored when missing or expired (or when
    `refresh`: computed afresh whatever is stored); kept STATS_CACHE_SECONDS, or `seconds`
    when shorter; with `local`, kept in this process too (the caller must not change it).

    One worker computes a missing value while the others wait for it (a national-scale
    aggregate computed by every worker at once would stall them all).

    Without `shared` (with `local` only), the value is kept in this process alone: for what
    is read from its own durable store faster than a large pickle is written to and read
    from the shared cache (a published period's stored rows)."""
    configured = current_app.config["STATS_CACHE_SECONDS"]
    seconds = configured if seconds is None else min(seconds, configured)
    if seconds <= 0:
        return compute()
    full_key = _full_key(key)
    # A cleared cache or a write starts a new generation: what this process kept is gone.
    local_key = f"{full_key}@{generation()}" if local else ""
    if local and not refresh:
        kept = _LOCAL.get(local_key)
        if kept is not None:
            return kept
    if local and not shared:
        value = compute()
        _LOCAL.put(local_key, value, seconds)
        return value
    value = None if refresh else cache.get(full_key)
    if value is not None:
        if local:
            _LOCAL.put(local_key, value, seconds)
        return value
    claim = full_key + ":computing"
    if not cache.add(claim, 1, timeout=WAIT_SECONDS) and not refresh:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            value = cache.get(full_key)
            if value is not None:
                return value
    try:
        value = compute()
        cache.set(full_key, value, timeout=seconds)
    finally:
        cache.delete(claim)
    if local:
        _LOCAL.put(local_key, value, seconds)
    return value


def forget(key: str) -> None:
    """Drop a cached value whose inputs just changed (every worker and server sees it)."""
    if current_app.config["STATS_CACHE_SECONDS"] > 0:
        cache.delete(_full_key(key))


GENERATION_TOKEN = _full_key("generation")


def generation() -> str:
    """A token that changes whenever data behind the open period's figures changes (see
    participa.dashboard.invalidation): part of the keys of figures computed live, so that a
    write is seen by the next read instead of after STATS_CACHE_SECONDS."""
    if current_app.config["STATS_CACHE_SECONDS"] <= 0:
        return "0"
    return current_tokens(GENERATION_TOKEN)[0]


def new_generation() -> None:
    if current_app.config["STATS_CACHE_SECONDS"] > 0:
        renew_tokens(GENERATION_TOKEN)


def current_tokens(*keys: str) -> list[str]:
    """The current value of each change token: a short random value that `renew_tokens`
    replaces whenever the data it stands for changes, and that goes into the keys of what
    is cached on that data, so the next read after a change computes afresh. A cleared or
    restarted cache starts new tokens: nothing kept before it is read again."""
    values = list(cache.get_many(*keys))
    for position, (key, value) in enumerate(zip(keys, values)):
        if value is None:
            cache.add(key, uuid.uuid4().hex[:12], timeout=0)  # the first worker's wins
            values[position] = cache.get(key) or "0"
    return values


def renew_tokens(*keys: str) -> None:
    if keys:
        cache.set_many({key: uuid.uuid4().hex[:12] for key in keys}, timeout=0)


# --- Tokens renewed by the commits that change their data -------------------------------

ChangeTracker = Callable[..., Iterable[str]]
_FLUSH_TRACKERS: list[ChangeTracker] = []
_BEFORE_FLUSH_TRACKERS: list[ChangeTracker] = []
_STATEMENT_TRACKERS: list[ChangeTracker] = []
_NOTED = "participa.figures_cache.tokens_to_renew"


def track_changes(after_flush: ChangeTracker | None = None, *,
                  before_flush: ChangeTracker | None = None,
                  statements: ChangeTracker | None = None) -> None:
    """Have a module's change tokens follow the writes of the session. Each tracker returns
    the keys of the tokens a change makes stale: `after_flush(session, flush_context)` at the
    end of every flush, `before_flush(session, flush_context)` at its start (what only the
    unwritten state tells, such as a relationship just set), `statements(execute_state)` for
    each INSERT, UPDATE or DELETE run through the session as one statement (its rows are not
    in the session). The tokens are renewed after the commit, never before: a request that
    read the old data stores its result under the old token, which nobody reads any more.
    A rollback forgets them; a savepoint rolled back does not (what the transaction noted
    before it may still be committed)."""
    for trackers, tracker in ((_FLUSH_TRACKERS, after_flush),
                              (_BEFORE_FLUSH_TRACKERS, before_flush),
                              (_STATEMENT_TRACKERS, statements)):
        if tracker is not None:
            trackers.append(tracker)


def _note(session: Session, keys: Iterable[str]) -> None:
    keys = set(keys)
    if keys:
        session.info.setdefault(_NOTED, set()).update(keys)


@event.listens_for(Session, "before_flush")
def _note_before_flush(session: Session, context, _instances) -> None:
    for tracker in _BEFORE_FLUSH_TRACKERS:
        _note(session, tracker(session, context))


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, context) -> None:
    for tracker in _FLUSH_TRACKERS:
        _note(session, tracker(session, context))


@event.listens_for(Session, "do_orm_execute")
def _note_statement(execute_state) -> None:
    if execute_state.is_select:
        return
    for tracker in _STATEMENT_TRACKERS:
        _note(execute_state.session, tracker(execute_state))


@event.listens_for(Session, "after_commit")
def _renew_noted(session: Session) -> None:
    noted = session.info.pop(_NOTED, None)
    if noted and has_app_context() and current_app.config["STATS_CACHE_SECONDS"] > 0:
        renew_tokens(*noted)


@event.listens_for(Session, "after_soft_rollback")
def _forget_noted(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_NOTED, None)


def cache_minutes() -> int:
    """The cache period as the methodology page states it."""
    return max(0, current_app.config["STATS_CACHE_SECONDS"]) // 60
