"""Open311 lists (services, requests) are public and the same for everyone: each answer is
kept API_CACHE_SECONDS (as the public API's) under its address, the figures' cache
generation and a token of the case categories.

Every commit that adds or changes a case or its events or an institution starts a new
generation (participa.dashboard.invalidation), and one that changes a category a new
token, so a request just filed, a case just answered or a category closed shows on the next
read; the expiry bounds only what neither sees (a default 90-day window that moves by at most
API_CACHE_SECONDS, a change behind the application's back). Without the generation
(STATS_CACHE_SECONDS 0, as in tests) nothing is kept."""
from __future__ import annotations

from functools import wraps

from flask import Response, current_app, request
from sqlalchemy.orm import Session

from participa.extensions import cache
from participa.figures_cache import current_tokens, generation, track_changes
from participa.models import CaseCategory

KEY_VERSION = "1"
_TOKEN = f"open311:{KEY_VERSION}:categories"


def _categories_token() -> str:
    return current_tokens(_TOKEN)[0]


def cached_list(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config.get("API_CACHE_SECONDS", 60)
        if seconds <= 0 or current_app.config["STATS_CACHE_SECONDS"] <= 0:
            return view(*args, **kwargs)
        key = (f"open311:{KEY_VERSION}:{generation()}:{_categories_token()}:"
               f"{request.full_path}")
        stored = cache.get(key)
        if stored is not None:
            body, mimetype = stored
            return Response(body, mimetype=mimetype)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200:
            cache.set(key, (response.get_data(), response.mimetype), timeout=seconds)
        return response
    return wrapper


def _changed_categories(session: Session, _context) -> tuple[str, ...]:
    if any(isinstance(i, CaseCategory) for i in (*session.new, *session.dirty, *session.deleted)):
        return (_TOKEN,)
    return ()


track_changes(_changed_categories)
