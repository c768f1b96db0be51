"""Who is signed in, read in one query together with the facts every page asks about them.

A signed-in request used to run a query each for the user, their session row, their
memberships, their two-step credential, their Infocentros, their latest consent and their
suspensions before the page's own work. All of them are read here at once, when Flask-Login
loads the user; the facts are kept on `g` for this request only (a new request reads them
again, so a change made elsewhere shows at once).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import g, has_app_context, has_request_context
from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session, joinedload

from participa.extensions import db
from participa.models import Ban, Consent, ConsentPurpose, User, UserSession
from participa.models.assisted import Infocentro, InfocentroStaff
from participa.models.verifications import Verification


@dataclass(frozen=True)
class Facts:
    """What the request-wide guards and the header need, as of the start of the request."""

    user_id: int
    consent_version: str | None  # the latest account consent, None when there is none
    staffs_infocentro: bool  # works at an active Infocentro
    suspended: bool  # has a suspension still running
    unread_notices: int  # the header's count, valid until the request writes anything
    verified: bool  # holds a verification not revoked, valid until the request writes


@cache
def _statement():
    """Built once (building and keying a statement costs more than running it). The session
    row is joined by its token's hash and must belong to the user; the memberships and the
    two-step credential come with the user (LEFT JOINs: most people have neither)."""
    consent = (select(Consent.version)
               .where(Consent.user_id == User.id, Consent.purpose == ConsentPurpose.ACCOUNT)
               .order_by(Consent.at.desc(), Consent.id.desc()).limit(1)
               .correlate(User).scalar_subquery())
    staffs = (select(InfocentroStaff.id).join(Infocentro)
              .where(InfocentroStaff.user_id == User.id, Infocentro.active.is_(True))
              .correlate(User).exists())
    suspended = (select(Ban.id).where(Ban.user_id == User.id, Ban.until > bindparam("now"))
                 .correlate(User).exists())
    verified = (select(Verification.id)
                .where(Verification.user_id == User.id, Verification.revoked_at.is_(None))
                .correlate(User).exists())
    from participa.citizen.notices import unread_expression

    return (select(User, UserSession, consent, staffs, suspended, unread_expression(),
                   verified)
            .join(UserSession, UserSession.user_id == User.id)
            .where(User.id == bindparam("user_id"),
                   UserSession.token_hash == bindparam("token_hash"))
            .options(joinedload(User.memberships), joinedload(User.two_factor)))


def load(user_id: int, token_hash: str, now: datetime):
    """(user, session row, facts) for a live-looking session of `user_id`, or None when
    the user or the session does not exist (ended elsewhere, or never existed)."""
    row = db.session.execute(_statement(), {"user_id": user_id, "token_hash": token_hash,
                                            "now": now}).unique().first()
    if row is None:
        return None
    user, session_row, consent_version, staffs, suspended, unread, verified = row
    return user, session_row, Facts(user.id, consent_version, bool(staffs), bool(suspended),
                                    unread or 0, bool(verified))


def remember(facts: Facts) -> None:
    g.signed_in_facts = facts
    g.pop("wrote_since_load", None)


def _unwritten_facts(user) -> Facts | None:
    """This request's facts about `user`, unless the request has written since they were
    read (a notice or a case read on this very page, a verification granted or revoked):
    None, and the caller asks the database."""
    facts = facts_for(user)
    return None if facts is None or g.get("wrote_since_load") else facts


def unread_notices(user) -> int | None:
    """The header's count as read with the user, or None (see _unwritten_facts)."""
    facts = _unwritten_facts(user)
    return None if facts is None else facts.unread_notices


def verified(user) -> bool | None:
    """Whether they hold a live verification, as read with them, or None."""
    facts = _unwritten_facts(user)
    return None if facts is None else facts.verified


def _wrote(*_args) -> None:
    if has_app_context():
        g.wrote_since_load = True


# Any flush, and any UPDATE, DELETE or INSERT run through the session, marks the request as
# having written: the header then counts the unread notices again. (Core statements run on
# db.session.connection() are not seen; none of them marks notices or cases read.)
event.listen(Session, "after_flush", _wrote)
event.listen(Session, "do_orm_execute",
             lambda state: None if state.is_select else _wrote())


def facts_for(user) -> Facts | None:
    """This request's facts about `user` when they are the person signed in, else None (the
    caller then asks the database)."""
    if user is None or not has_request_context():
        return None
    facts = g.get("signed_in_facts")
    if facts is None or facts.user_id != getattr(user, "id", None):
        return None
    return facts
