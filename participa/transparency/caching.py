"""The LOTAIP report of a busy institution reads a thousand requests a year and renders them
as a table, a CSV and a workbook: tens of milliseconds each. What is built from the requests
is kept in the figures cache (participa.figures_cache) under a key that changes whenever it
could: the cache generation (participa.dashboard.invalidation starts a new one on every
commit that adds or changes a case or its history: an answer, an extension, a refusal, a
transfer) and today's date (a pending request becomes late overnight). An official who
answers a request sees it in the report at the next read. What is not a case (the
submission, the index of reserved information) is read live or made part of the key."""
from __future__ import annotations

from datetime import date
from typing import Callable, TypeVar

from flask_babel import get_locale

from participa.figures_cache import generation, remember

T = TypeVar("T")


def kept(kind: str, institution_id: int, year: int, today: date, compute: Callable[[], T],
         *extra: object, localised: bool = False) -> T:
    """`compute()`, kept while the institution's requests of `year` are unchanged. With
    `localised`, per language (rendered text). The value is shared: never change it."""
    parts = ["lotaip", kind, str(institution_id), str(year), today.isoformat(), generation(),
             *(str(part) for part in extra)]
    if localised:
        parts.append(str(get_locale()))
    # Kept in this process too: a rendered table unpickled per request would cost what the
    # cache saves; the generation in the key drops it on the next write anywhere.
    return remember(":".join(parts), compute, local=True)
