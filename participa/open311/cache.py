"""Open311 request lists are public and the same for everyone: each answer is kept
API_CACHE_SECONDS (as the public API's) under its address and the figures' cache generation.

Every commit that adds or changes a case or its events starts a new generation
(participa.dashboard.invalidation), so a request just filed or a case just answered shows on
the next read; the expiry bounds only what a generation does not see (a default 90-day window
that moves by at most API_CACHE_SECONDS, a renamed category). Without the generation
(STATS_CACHE_SECONDS 0, as in tests) nothing is kept."""
from __future__ import annotations

from functools import wraps

from flask import Response, current_app, request

from participa.extensions import cache
from participa.figures_cache import generation

KEY_VERSION = "1"


def cached_list(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config.get("API_CACHE_SECONDS", 60)
        if seconds <= 0 or current_app.config["STATS_CACHE_SECONDS"] <= 0:
            return view(*args, **kwargs)
        key = f"open311:{KEY_VERSION}:{generation()}:{request.full_path}"
        stored = cache.get(key)
        if stored is not None:
            body, mimetype = stored
            return Response(body, mimetype=mimetype)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200:
            cache.set(key, (response.get_data(), response.mimetype), timeout=seconds)
        return response
    return wrapper
