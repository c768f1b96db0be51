"""Figures that take a national-scale aggregate to compute are kept for a short, documented
time (STATS_CACHE_SECONDS, 5 minutes by default) instead of being computed per request."""
from __future__ import annotations

from typing import Callable, TypeVar

from flask import current_app

from participa.extensions import cache

T = TypeVar("T")
# Part of every key: bump it when the shape of a cached value changes, so that app servers
# running the new code never read what an older release stored in a shared Redis.
KEY_VERSION = "1"


def remember(key: str, compute: Callable[[], T]) -> T:
    """The value cached under `key`, computed and stored when missing or expired."""
    seconds = current_app.config["STATS_CACHE_SECONDS"]
    if seconds <= 0:
        return compute()
    full_key = f"figures:{KEY_VERSION}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=seconds)
    return value


def cache_minutes() -> int:
    """The cache period as the methodology page states it."""
    return max(0, current_app.config["STATS_CACHE_SECONDS"]) // 60
