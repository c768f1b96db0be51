"""Bans: a person barred from one institution's spaces for a period."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.institution_names import institution_label
from participa.models import Ban, Institution, User
from participa.models.audit import record
from participa.timeutil import utcnow

MAX_BAN_DAYS = 365


def active_ban(user, institution: Institution, now: datetime | None = None) -> Ban | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Ban).where(
        Ban.institution_id == institution.id, Ban.user_id == user.id,
        Ban.until > (now or utcnow())).order_by(Ban.until.desc()).limit(1))


def ensure_not_banned(user, institution: Institution, now: datetime | None = None) -> None:
    """Refuse comments, proposals and supports from a person banned in the institution."""
    ban = active_ban(user, institution, now)
    if ban is not None:
        raise Forbidden(_l("The moderators of %(of_institution)s have suspended your "
                           "participation in its spaces until %(date)s.",
                           of_institution=institution_label(institution, "of", short=True),
                           date=format_date(ban.until, "long")))


def ban(actor: User, institution: Institution, user: User, *, days: int, reason: str,
        now: datetime | None = None) -> Ban:
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for the suspension."), field="reason")
    if not days or days < 1 or days > MAX_BAN_DAYS:
        raise DomainError(_l("Enter a whole number between %(min)d and %(max)d.", min=1,
                             max=MAX_BAN_DAYS), field="days")
    if user.id == actor.id:
        raise Conflict(_l("You cannot suspend yourself."))
    entry = Ban(institution_id=institution.id, user_id=user.id,
                until=now + timedelta(days=days), reason=reason, created_by_id=actor.id,
                created_at=now)
    db.session.add(entry)
    db.session.flush()
    record("moderation.banned", actor=actor, institution=institution, target=user, at=now,
           days=days, reason=reason)
    from participa.citizen import suspension

    suspension.tell(entry)  # queued in the outbox: sent only if the ban is committed
    return entry
