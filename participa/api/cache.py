"""Public API answers are the same for everyone: each is kept API_CACHE_SECONDS (60 by
default, 0 turns it off) under its path, query and language, in Participa's Flask-Caching
store (files per server, or Redis shared by all servers)."""
from __future__ import annotations

from functools import wraps

from flask import Response, current_app, request
from flask_babel import get_locale

from participa.extensions import cache

KEY_VERSION = "1"


def cached(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config.get("API_CACHE_SECONDS", 60)
        if seconds <= 0:
            return view(*args, **kwargs)
        key = f"api:{KEY_VERSION}:{get_locale()}:{request.full_path}"
        stored = cache.get(key)
        if stored is not None:
            body, status, mimetype = stored
            response = Response(body, status=status, mimetype=mimetype)
            response.headers["Cache-Control"] = f"public, max-age={seconds}"
            return response
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code in (200, 404):
            cache.set(key, (response.get_data(), response.status_code, response.mimetype),
                      timeout=seconds)
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
        return response
    return wrapper
