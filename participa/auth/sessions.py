"""Server-side sign-in sessions: one row per signed-in browser.

The signed cookie holds a random token; the row (found by the token's hash) says whether the
session is still alive. Ending a session deletes its row, which every app server sees on the
next request. Idle and absolute time limits are checked on every request.
"""
from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, g, has_request_context
from sqlalchemy import bindparam, delete, select, update

from participa import authz
from participa.extensions import db
from participa.models import User, UserSession
from participa.timeutil import utcnow

SESSION_KEY = "_sid"
# last_seen_at is written at most this often, not on every request.
TOUCH_INTERVAL = timedelta(seconds=60)


def hash_token(token: str) -> str:
    """What the session row stores: the cookie's token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def truncate_ip(address: str | None) -> str:
    """Enough to recognise a network, not a household: IPv4 /24, IPv6 /48."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux")]


def describe_agent(user_agent: str) -> tuple[str | None, str | None]:
    """(browser, operating system) from a User-Agent header, None for what is unknown."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if re.search(mark, user_agent)), None)
    return browser, system


def idle_timeout(user: User) -> timedelta:
    key = "PRIVILEGED_IDLE_TIMEOUT_MINUTES" if authz.holds_any_role(user) else "IDLE_TIMEOUT_MINUTES"
    return timedelta(minutes=current_app.config[key])


def start(user: User, *, user_agent: str = "", ip: str | None = None,
          now: datetime | None = None) -> str:
    """Record a new signed-in browser and return the token for its cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=hash_token(token), created_at=now,
                               last_seen_at=now, user_agent=(user_agent or "")[:200],
                               ip_prefix=truncate_ip(ip)))
    return token


@cache
def _find_statement():
    """Built once: every signed-in request looks its session up."""
    return select(UserSession).where(UserSession.token_hash == bindparam("token_hash"))


def find(token: str | None) -> UserSession | None:
    if not token:
        return None
    return db.session.scalar(_find_statement(), {"token_hash": hash_token(token)})


def is_current(row: UserSession, token: str | None) -> bool:
    return bool(token) and row.token_hash == hash_token(token)


def validate(user: User, token: str | None, now: datetime | None = None) -> str | None:
    """None when the session is alive (and marks it seen); else why it ended:
    "missing" (ended elsewhere or never existed) or "idle" or "expired"."""
    row = find(token)
    if row is None or row.user_id != user.id:
        return "missing"
    return check(user, row, now or utcnow())


def check(user: User, row: UserSession, now: datetime) -> str | None:
    """validate() for a session row already read with its user (see participa.auth.signed_in)."""
    if row.last_seen_at + idle_timeout(user) < now:
        db.session.delete(row)
        return "idle"
    if row.created_at + current_app.config["PERMANENT_SESSION_LIFETIME"] < now:
        db.session.delete(row)
        return "expired"
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        db.session.execute(update(UserSession).where(UserSession.id == row.id)
                           .values(last_seen_at=now))
        if has_request_context():
            g.session_touched = True  # the loader commits it
    return None


def end(token: str | None) -> None:
    row = find(token)
    if row is not None:
        db.session.delete(row)


def end_one(user: User, session_id: int, keep_token: str | None) -> bool:
    """End one of the user's sessions, never the one asking; False when there is none."""
    query = delete(UserSession).where(UserSession.id == session_id,
                                      UserSession.user_id == user.id)
    if keep_token:
        query = query.where(UserSession.token_hash != hash_token(keep_token))
    return db.session.execute(query).rowcount > 0


def end_all_except(user: User, keep_token: str | None) -> int:
    """End every session of the user but the current one (all of them without a token)."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        query = query.where(UserSession.token_hash != hash_token(keep_token))
    return db.session.execute(query).rowcount


def list_for(user: User) -> list[UserSession]:
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc())
    ))
