"""Account rules: registration, sign-in with lock-out, password reset tokens.

Functions change the session's objects and leave the commit to the caller (the request).
"""
from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse as parse_limit
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from participa.auth.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from participa import cedula_claims, cedula_voice
from participa.cedula import is_valid_cedula, normalise
from participa.domain import Conflict, DomainError
from participa.extensions import db, limiter
from participa.models import User
from participa.models.audit import record
from participa.timeutil import utcnow

RESET_SALT = "participa-password-reset"
CONFIRM_SALT = "participa-email-confirmation"


class InvalidCredentials(DomainError):
    status_code = 401


class EmailNotConfirmed(DomainError):
    status_code = 403

    def __init__(self, user: User):
        super().__init__(_l("Confirm your email address first: we have sent you a new link. "
                            "Open it to finish creating your account."))
        self.user = user


class AccountLocked(DomainError):
    status_code = 429

    def __init__(self, until: datetime, now: datetime | None = None):
        minutes = max(1, math.ceil((until - (now or utcnow())).total_seconds() / 60))
        super().__init__(
            _l("Too many failed attempts. This account is locked; try again in %(n)d "
               "minutes or reset your password.", n=minutes)
        )
        self.until = until


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register_user(*, name: str, email: str, password: str, cedula: str | None = None,
                  locale: str | None = None, confirm_by_email: bool = False) -> User:
    email = normalise_email(email)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise DomainError(problem, field="password")
    if find_user_by_email(email):
        raise Conflict(_l("An account with this email address already exists."), field="email")
    cedula = normalise(cedula) if cedula else None
    if cedula:
        if not is_valid_cedula(cedula):
            raise DomainError(_l("This is not a valid Ecuadorian cédula number."), field="cedula")
        if db.session.scalar(select(User.id).where(User.cedula == cedula)):
            raise Conflict(_l("This cédula is already registered to another account."),
                           field="cedula")
    user = User(name=name.strip(), email=email, password_hash=hash_password(password),
                cedula=cedula, locale=locale, awaiting_email_confirmation=confirm_by_email)
    db.session.add(user)
    db.session.flush()
    if cedula:
        cedula_voice.take_up(user)  # the ballots and supports of an earlier, deleted account
    record("account.registered", actor=user, target=user)
    return user


def register_from_the_web(*, name: str, email: str, password: str, cedula: str | None = None,
                          locale: str | None = None) -> User | None:
    """Registration that reveals neither whether an address nor whether a cédula has an
    account: a new account waits for its email confirmation; for a taken address nothing is
    created and None is returned (the caller then writes to that address instead). Both cost
    the same time."""
    existing = find_user_by_email(email)
    if existing is not None:
        problem = password_problem(password, email=normalise_email(email), name=name)
        if problem:
            raise DomainError(problem, field="password")
        hash_password(password)  # the same work as a new account
        return None
    # Nor whether a cédula has one: a taken cédula is left off the new account and claimed
    # for a platform administrator to settle (participa.cedula_claims).
    number = normalise(cedula) if cedula else None
    holder = cedula_claims.holder_of(number) if number and is_valid_cedula(number) else None
    user = register_user(name=name, email=email, password=password,
                         cedula=None if holder else cedula, locale=locale,
                         confirm_by_email=True)
    if holder is not None:
        cedula_claims.open_claim(user, holder)
    return user


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def make_confirmation_token(user: User) -> str:
    return _confirm_serializer().dumps({"uid": user.id, "email": user.email})


def confirm_email(token: str) -> User | None:
    """The account a valid, unexpired confirmation link belongs to, now confirmed."""
    try:
        data = _confirm_serializer().loads(
            token, max_age=current_app.config["EMAIL_CONFIRMATION_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email") or not user.awaiting_email_confirmation:
        return None
    user.awaiting_email_confirmation = False
    record("account.email_confirmed", actor=user, target=user)
    return user


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """Return the user for valid credentials; count failures and lock after too many.

    The caller must commit even when this raises, so that failures are remembered.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    locked = user is not None and user.locked_until is not None and user.locked_until > now
    # One password verification on every path, against a dummy hash with the current costs
    # when there is no hash to check (unknown address, locked account): the time an answer
    # takes must not tell which accounts exist or are locked.
    checked = user.password_hash if user is not None and not locked else dummy_hash()
    password_matches = verify_password(checked, password)
    if user is None:
        _count_unknown_account_failure(email, now)
        raise InvalidCredentials(_l("The email address or the password is not correct."))
    if locked:
        raise AccountLocked(user.locked_until, now)
    if not password_matches or not user.is_active_account:
        record("account.sign_in_failed", actor=None, target=user)
        count_failure(user, now)
        raise InvalidCredentials(_l("The email address or the password is not correct."))
    if user.awaiting_email_confirmation:
        raise EmailNotConfirmed(user)
    if needs_rehash(user.password_hash):
        # Made with an older algorithm or parameters: replace it while we know the password.
        user.password_hash = hash_password(password)
    # The failure count is kept until the whole sign-in succeeds (signed_in): the right
    # password alone must not buy fresh guesses at the second step's code.
    return user


def _count_unknown_account_failure(email: str, now: datetime) -> None:
    """Failures for an address without an account lock it exactly as for a real account
    (counted in the rate-limit storage, as there is no row), so the answers do not tell
    which accounts exist."""
    config = current_app.config
    minutes = config["LOGIN_LOCKOUT_MINUTES"]
    key = hashlib.sha256(normalise_email(email).encode()).hexdigest()
    failures = parse_limit(f"{config['LOGIN_MAX_FAILURES']} per {minutes} minutes")
    lock = parse_limit(f"1 per {minutes} minutes")
    strategy = limiter.limiter
    if not strategy.test(lock, "sign-in-lock", key):
        reset_at = strategy.get_window_stats(lock, "sign-in-lock", key).reset_time
        raise AccountLocked(datetime.fromtimestamp(reset_at, timezone.utc).replace(tzinfo=None),
                            now)
    strategy.hit(failures, "sign-in-failures", key)
    if not strategy.test(failures, "sign-in-failures", key):
        strategy.clear(failures, "sign-in-failures", key)
        strategy.hit(lock, "sign-in-lock", key)
        raise AccountLocked(now + timedelta(minutes=minutes), now)


def count_failure(user: User, now: datetime) -> None:
    """One more failed attempt (password or second-step code); lock the account for a while
    after too many. The lock expires by itself, so it cannot shut anyone out for good."""
    user.failed_logins += 1
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
        user.failed_logins = 0
        record("account.locked", actor=None, target=user)
        raise AccountLocked(user.locked_until, now)


def check_not_locked(user: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(user.locked_until, now)


def signed_in(user: User, *, method: str, now: datetime | None = None) -> None:
    """Both steps passed: reset the failure count and log the sign-in."""
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now or utcnow()
    record("account.signed_in", actor=user, target=user, method=method)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_fingerprint(user: User) -> str:
    # Part of reset and email-change tokens: once the password changes, earlier links stop
    # working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"uid": user.id, "fp": password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unexpired, unused reset token belongs to; None otherwise."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or data.get("fp") != password_fingerprint(user):
        return None
    return user


def set_password(user: User, password: str) -> None:
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise DomainError(problem, field="password")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    record("account.password_changed", actor=user, target=user)


def reauthenticate(user: User, password: str, *, field: str = "current_password",
                   now: datetime | None = None) -> None:
    """A signed-in person proves again that they know the password, before a change of
    password, email address or two-step verification. Failures count and lock the account
    exactly as failed sign-ins do (a borrowed or stolen session must not guess without
    limit); the caller commits even when this raises, so that failures are remembered."""
    now = now or utcnow()
    check_not_locked(user, now)
    if not verify_password(user.password_hash, password):
        record("account.reauthentication_failed", actor=user, target=user)
        count_failure(user, now)
        message = (_l("Your current password is not correct.") if field == "current_password"
                   else _l("The password is not correct."))
        raise InvalidCredentials(message, field=field)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password of a signed-in user; the caller ends their other sessions."""
    reauthenticate(user, current_password)
    set_password(user, new_password)
