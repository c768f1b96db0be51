"""Two-step verification: TOTP codes (RFC 6238) and single-use recovery codes.

A code is accepted in the current 30-second step or the one either side of it (clock drift),
and never twice: the last accepted step is stored.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timezone

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from participa import authz
from participa.auth import service
from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.models import RecoveryCode, TwoFactorCredential, User
from participa.models.audit import record
from participa.timeutil import utcnow

RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes


class InvalidCode(DomainError):
    status_code = 401


def is_enabled(user: User) -> bool:
    credential = user.two_factor
    return credential is not None and credential.is_active


def pending_credential(user: User) -> TwoFactorCredential:
    """The credential being enrolled, created with a fresh secret when there is none."""
    credential = user.two_factor
    if credential is not None and credential.is_active:
        raise Conflict(_l("Two-step verification is already on."))
    if credential is None:
        credential = TwoFactorCredential(user=user, secret=pyotp.random_base32(32))
        db.session.add(credential)
        db.session.flush()
    return credential


def provisioning_uri(user: User, credential: TwoFactorCredential) -> str:
    return pyotp.TOTP(credential.secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, drawn on the server (no script needed)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _accept_totp(credential: TwoFactorCredential, code: str, now: datetime) -> bool:
    if not re.fullmatch(r"\d{6}", code):
        return False
    totp = pyotp.TOTP(credential.secret)
    # `now` is naive UTC: say so, or timestamp() would read it as the server's local time.
    current = int(now.replace(tzinfo=timezone.utc).timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            if credential.last_step is not None and step <= credential.last_step:
                return False  # already used: a replayed code
            credential.last_step = step
            return True
    return False


def _hash_recovery(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones, returned once in clear."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        salt = secrets.token_hex(8)
        db.session.add(RecoveryCode(user_id=user.id, salt=salt, code_hash=_hash_recovery(salt, raw)))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    unused = db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
    for row in unused:
        if hmac.compare_digest(row.code_hash, _hash_recovery(row.salt, code)):
            row.used_at = now
            return True
    return False


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def confirm_enrolment(user: User, code: str, now: datetime | None = None) -> list[str]:
    """Turn two-step verification on once the first code verifies; return recovery codes."""
    now = now or utcnow()
    credential = pending_credential(user)
    if not _accept_totp(credential, _normalise(code), now):
        raise InvalidCode(_l("That code is not correct. Enter the six digits your app shows now."),
                          field="code")
    credential.confirmed_at = now
    record("account.two_factor_enabled", actor=user, target=user)
    return new_recovery_codes(user)


def verify(user: User, code: str, now: datetime | None = None) -> str:
    """Check a second-step code: "totp" or "recovery" when accepted, InvalidCode otherwise."""
    now = now or utcnow()
    code = _normalise(code)
    credential = user.two_factor
    if credential is None or not credential.is_active:
        raise InvalidCode(_l("Two-step verification is not on for this account."))
    if _accept_totp(credential, code, now):
        return "totp"
    if len(code) == 12 and _use_recovery_code(user, code, now):
        record("account.recovery_code_used", actor=user, target=user,
               remaining=remaining_recovery_codes(user))
        return "recovery"
    raise InvalidCode(_l("That code is not correct, or it was already used."), field="code")


def _check_code_again(user: User, credential: TwoFactorCredential, code: str,
                      now: datetime) -> None:
    """A code asked of a signed-in person before a change: failures count towards the
    account's lock as at sign-in; the caller commits even when this raises."""
    if not _accept_totp(credential, _normalise(code), now):
        record("account.reauthentication_failed", actor=user, target=user)
        service.count_failure(user, now)
        raise InvalidCode(_l("That code is not correct. Enter the six digits your app shows now."),
                          field="code")


def disable(user: User, password: str, code: str, now: datetime | None = None) -> None:
    """Turn two-step verification off: needs the password and a current code."""
    now = now or utcnow()
    if authz.must_use_two_factor(user):
        raise Forbidden(_l("Your role requires two-step verification: it cannot be turned off."))
    service.reauthenticate(user, password, field="password", now=now)
    credential = user.two_factor
    if credential is None or not credential.is_active:
        raise Conflict(_l("Two-step verification is not on for this account."))
    _check_code_again(user, credential, code, now)
    db.session.delete(credential)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record("account.two_factor_disabled", actor=user, target=user)


def regenerate_recovery_codes(user: User, code: str, now: datetime | None = None) -> list[str]:
    now = now or utcnow()
    credential = user.two_factor
    if credential is None or not credential.is_active:
        raise Conflict(_l("Two-step verification is not on for this account."))
    service.check_not_locked(user, now)
    _check_code_again(user, credential, code, now)
    record("account.recovery_codes_renewed", actor=user, target=user)
    return new_recovery_codes(user)
