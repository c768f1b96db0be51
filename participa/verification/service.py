"""Levels and verifications: what a person may do, and how a verification is granted and
revoked.

Functions take the acting user, raise participa.domain errors and leave the commit to the
request. Every grant and revocation goes to the audit log.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participa.cedula_hash import cedula_hash
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import Level, User, Verification, VerificationMethod
from participa.models.audit import record
from participa.timeutil import utcnow

# Levels an institution may require to vote or support: one voice per person needs a cédula.
REQUIRABLE = (Level.CEDULA_DECLARED, Level.IDENTITY_VERIFIED)


def active_verification(user) -> Verification | None:
    if not getattr(user, "is_authenticated", False) or getattr(user, "id", None) is None:
        return None
    return db.session.scalar(select(Verification).where(
        Verification.user_id == user.id, Verification.revoked_at.is_(None)))


def _is_verified(user) -> bool:
    from participa.auth import signed_in

    known = signed_in.verified(user)  # read with the person signed in: no query
    return known if known is not None else active_verification(user) is not None


def level_of(user) -> Level | None:
    """The person's level now; None for a visitor or an address not yet confirmed."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.cedula is not None and _is_verified(user):
        return Level.IDENTITY_VERIFIED
    if user.cedula is not None:
        return Level.CEDULA_DECLARED
    if not user.awaiting_email_confirmation:
        return Level.EMAIL_CONFIRMED
    return None


def reaches(user, needed: Level) -> bool:
    level = level_of(user)
    return level is not None and level >= needed


def require_level(user, needed: Level) -> Level:
    """The person's level when it is enough for `needed`; Forbidden, saying what to do,
    otherwise."""
    level = level_of(user)
    if level is not None and level >= needed:
        return level
    if needed == Level.IDENTITY_VERIFIED and level == Level.CEDULA_DECLARED:
        raise Forbidden(_l("This needs a verified identity: a declared cédula is not enough. "
                           "Verify your identity from your account to take part."))
    raise Forbidden(_l("This needs your cédula, so that each person takes part once. "
                       "Declare your cédula from your account to take part."))


def check_requirable(level: Level | None) -> None:
    if level is not None and level not in REQUIRABLE:
        raise DomainError(_l("Choose a level that includes a cédula."), field="required_level")


# --- granting -----------------------------------------------------------------------------

def grant(user: User, method: VerificationMethod, *, actor: User | None = None,
          place: str | None = None, institution=None,
          now: datetime | None = None) -> Verification:
    """Verify the identity behind the account's declared cédula. An account already verified
    keeps its verification (the first proof stands)."""
    if user.cedula is None:
        raise Conflict(_l("The account has no cédula: the person must declare it first."),
                       field="cedula")
    existing = active_verification(user)
    if existing is not None:
        return existing
    # Built before the flush: once it fails the session must not be used until rollback.
    taken = Conflict(_l("This identity could not be verified on this account. A platform "
                        "administrator will look into it."))
    verification = Verification(user_id=user.id, identity_key=cedula_hash(user.cedula),
                                method=method, verified_at=now or utcnow(),
                                verified_by_id=getattr(actor, "id", None),
                                place=(place or "").strip() or None,
                                institution_id=getattr(institution, "id", None))
    db.session.add(verification)
    try:
        db.session.flush()
    except IntegrityError:
        raise taken from None
    details = {"method": method.value}
    if verification.place:
        details["place"] = verification.place
    record("identity.verified", actor=actor or user, institution=institution, target=user,
           at=verification.verified_at, **details)
    return verification


# --- revoking -----------------------------------------------------------------------------

def get_verification(verification_id: int) -> Verification:
    verification = db.session.get(Verification, verification_id)
    if verification is None:
        raise NotFound(_l("This verification does not exist."))
    return verification


def revoke(actor: User, verification: Verification, reason: str,
           now: datetime | None = None) -> Verification:
    """Take a verification back. Ballots and supports cast while it was valid stay counted:
    they recorded the level they were cast with."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the verification is revoked."), field="reason")
    if len(reason) > 2000:
        raise DomainError(_l("The reason can have at most 2000 characters."), field="reason")
    if verification.revoked_at is not None:
        raise Conflict(_l("This verification was already revoked."))
    verification.revoked_at = now or utcnow()
    verification.revoked_by_id = actor.id
    verification.reason = reason
    db.session.flush()
    record("identity.revoked", actor=actor, target=verification.user,
           at=verification.revoked_at, verification_id=verification.id, reason=reason,
           method=verification.method.value)
    return verification


def let_go(user: User, reason: str, now: datetime | None = None) -> None:
    """The account no longer holds its cédula (deleted, or the cédula moved to another
    account): its verification ends, so that the identity can be verified again elsewhere."""
    db.session.execute(update(Verification).where(
        Verification.user_id == user.id, Verification.revoked_at.is_(None))
        .values(revoked_at=now or utcnow(), reason=reason)
        .execution_options(synchronize_session=False))


def history_of(user: User) -> list[Verification]:
    """The person's verifications, newest first, with who verified and who revoked them."""
    return list(db.session.scalars(
        select(Verification).where(Verification.user_id == user.id)
        .options(selectinload(Verification.verified_by), selectinload(Verification.revoked_by),
                 selectinload(Verification.institution))
        .order_by(Verification.verified_at.desc(), Verification.id.desc())))


def active_verifications(*, page: int = 1, per_page: int = 50):
    """Active verifications for the platform administrators, newest first, paginated."""
    return db.paginate(
        select(Verification).where(Verification.revoked_at.is_(None))
        .options(selectinload(Verification.user), selectinload(Verification.verified_by),
                 selectinload(Verification.institution))
        .order_by(Verification.verified_at.desc(), Verification.id.desc()),
        page=page, per_page=per_page, error_out=False)
