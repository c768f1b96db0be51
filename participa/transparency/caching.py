"""The LOTAIP report of a busy institution reads a thousand requests a year and renders them
as a table, a CSV and a workbook: tens of milliseconds each. What is built from the requests
is kept in the figures cache (participa.figures_cache, at most STATS_CACHE_SECONDS) under a
key that changes whenever it could:

- the institution's token, renewed by every commit that adds or changes one of its
  information requests (an answer, an extension, a refusal, a transfer in or out: every
  change of a case goes through the ORM and sets its `updated_at`); the overview's national
  token, renewed by those of any institution and by a change of an institution;
- the bulk token, renewed by what writes cases in bulk (participa.cases.commands, the import);
- today's date (a pending request becomes late overnight), and the language of rendered text.

Not the cache generation of the dashboard: it changes with every case, comment or proposal of
the country, which at national scale would leave nothing kept. A change made behind the
application's back (SQL by hand) shows once the cache period ends, as the dashboard's do.
What is not a case (the submission, the index of reserved information) is read live or is
part of the key."""
from __future__ import annotations

from datetime import date
from typing import Callable, TypeVar

from flask import current_app
from flask_babel import get_locale
from sqlalchemy.orm import Session

from participa.expiring_lru import ExpiringLRU
from participa.figures_cache import current_tokens, remember, renew_tokens, track_changes
from participa.models import Case, CaseType, Institution

T = TypeVar("T")
NATIONAL = 0  # the token of what counts every institution's requests (the overview)
_BULK = "bulk"


def _enabled() -> bool:
    return current_app.config["STATS_CACHE_SECONDS"] > 0


def _token_key(name) -> str:
    return f"lotaip-token:{name}"


def token(name) -> str:
    """The current token of `name` (an institution id, NATIONAL or the bulk token); a cleared
    or restarted cache starts new ones, so nothing kept before it is read again."""
    return current_tokens(_token_key(name))[0]


def renew(*names) -> None:
    if _enabled():
        renew_tokens(*(_token_key(name) for name in names))


def requests_changed_in_bulk() -> None:
    """For what writes cases without the ORM (the import): every report is built afresh."""
    renew(_BULK)


def _requests(session: Session):
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, Case) and item.type == CaseType.INFORMATION_REQUEST:
            yield item


def _changed_before_flush(session: Session, _context) -> set[str]:
    # A transfer sets the relationship: before the flush the key still names the institution
    # the request leaves (both reports change), the relationship the one it joins.
    changed = set()
    for item in _requests(session):
        joined = item.__dict__.get("institution")
        changed.update(i for i in (item.institution_id, getattr(joined, "id", None)) if i)
    return {_token_key(name) for name in changed | {NATIONAL}} if changed else set()


def _changed_after_flush(session: Session, _context) -> set[str]:
    changed = {item.institution_id for item in _requests(session) if item.institution_id}
    if changed or any(isinstance(item, Institution)
                      for item in (*session.new, *session.dirty, *session.deleted)):
        return {_token_key(name) for name in changed | {NATIONAL}}
    return set()


track_changes(_changed_after_flush, before_flush=_changed_before_flush)

# Kept in this process too, under the same exact key: a table or a thousand lines unpickled
# from the shared cache on every request would cost much of what the cache saves.
LOCAL_ENTRIES = 64
_LOCAL = ExpiringLRU(LOCAL_ENTRIES)


def kept(kind: str, institution_id: int, year: int, today: date, compute: Callable[[], T],
         *extra: object, localised: bool = False) -> T:
    """`compute()`, kept while the requests of the institution (NATIONAL: of any) stay the
    same. With `localised`, per language (rendered text). The value is shared: never change
    it."""
    if not _enabled():
        return compute()
    parts = ["lotaip", kind, str(institution_id), str(year), today.isoformat(),
             token(_BULK), token(institution_id), *(str(part) for part in extra)]
    if localised:
        parts.append(str(get_locale()))
    key = ":".join(parts)
    local = _LOCAL.get(key)
    if local is not None:
        return local
    value = remember(key, compute)
    _LOCAL.put(key, value, current_app.config["STATS_CACHE_SECONDS"])
    return value
