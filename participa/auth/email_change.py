"""Changing an account's email address: asked with the password, done only once the new
address proves it is reachable by opening the link sent to it.

Nothing is stored while a change waits: the new address travels inside the signed link,
with the old one and a fingerprint of the password, so the link dies once the address or the
password changes (a password reset after a hijack also cancels the attacker's request).
Functions change the session's objects and leave the commit to the caller.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from participa.auth import service
from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.models import AuditEntry, User
from participa.models.audit import record
from participa.timeutil import utcnow

SALT = "participa-email-change"
REQUESTED = "account.email_change_requested"
# Entries after which an earlier request no longer waits (the link stopped working).
_SETTLED = ("account.email_changed", "account.password_changed")


@dataclass(frozen=True)
class Change:
    user: User
    old_email: str
    new_email: str


@dataclass(frozen=True)
class Pending:
    new_email: str
    requested_at: datetime
    expires_at: datetime


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _max_age() -> int:
    return current_app.config["EMAIL_CONFIRMATION_MAX_AGE"]


def _refuse_taken(user: User, new_email: str) -> None:
    if new_email == user.email:
        raise DomainError(_l("This is already your email address."), field="email")
    if service.find_user_by_email(new_email):
        raise Conflict(_l("An account with this email address already exists."), field="email")


def request_change(user: User, current_password: str, new_email: str) -> str:
    """Check the password and the new address; return the token of the confirmation link.
    The caller commits even when this raises (failed passwords count towards the lock)."""
    service.reauthenticate(user, current_password)
    new_email = service.normalise_email(new_email)
    _refuse_taken(user, new_email)
    record(REQUESTED, actor=user, target=user, new=new_email)
    return _serializer().dumps({"uid": user.id, "old": user.email, "new": new_email,
                                "fp": service.password_fingerprint(user)})


def change_for_token(token: str) -> Change | None:
    """The change a valid, unexpired, unused link asks for; None otherwise."""
    try:
        data = _serializer().loads(token, max_age=_max_age())
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid"))
    if (user is None or not user.is_active_account or user.email != data.get("old")
            or data.get("fp") != service.password_fingerprint(user)):
        return None
    return Change(user=user, old_email=user.email, new_email=data.get("new", ""))


def confirm_change(token: str) -> Change:
    """Follow the link: the account's address becomes the new one."""
    change = change_for_token(token)
    if change is None:
        raise DomainError(_l("This link to confirm a new email address is invalid, has expired "
                             "or was already used. Ask for the change again."))
    user = change.user
    _refuse_taken(user, change.new_email)
    user.email = change.new_email
    record("account.email_changed", actor=user, target=user, old=change.old_email,
           new=change.new_email)
    return change


def pending(user: User, now: datetime | None = None) -> Pending | None:
    """The change that waits for its link to be opened, if any (the newest request whose
    link still works)."""
    now = now or utcnow()
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.target_type == "User",
                                 AuditEntry.target_id == user.id,
                                 AuditEntry.action.in_((REQUESTED, *_SETTLED)))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1))
    if entry is None or entry.action != REQUESTED:
        return None
    expires_at = entry.at + timedelta(seconds=_max_age())
    new_email = (entry.details or {}).get("new")
    if expires_at <= now or not new_email:
        return None
    return Pending(new_email=new_email, requested_at=entry.at, expires_at=expires_at)
