"""Demonstration data: flagged comments and proposals waiting in two institutions' queues
(MINTEL's and the Ministerio del Trabajo's, whose demo moderator and administrator work
them; the Ministerio de Salud Pública's moderator finds a proposal held for review)."""
from __future__ import annotations

from sqlalchemy import func, select

from participa.authz import MODERATING_ROLES
from participa.extensions import db
from participa.models import (
    Comment,
    ContentKind,
    Flag,
    FlagReason,
    Membership,
    ModerationState,
    Proposal,
    User,
)
from participa.moderation import service

REASONS = [FlagReason.OFF_TOPIC, FlagReason.SPAM, FlagReason.PERSONAL_DATA]


def load_moderation_demo() -> None:
    """Flag one proposal of each of two institutions and a few comments; runs once."""
    if db.session.scalar(select(func.count(Flag.id))):
        return
    citizens = list(db.session.scalars(
        select(User).where(User.global_role.is_(None),
                           ~User.id.in_(select(Membership.user_id)))
        .order_by(User.id).limit(5)))
    if len(citizens) < 2:
        return
    contents = []
    seen: set[int] = set()
    # Proposals of institutions with a demo account that works their queue come first, so
    # that signing in as one shows flagged items.
    moderated = select(Membership.institution_id).where(
        Membership.role.in_(MODERATING_ROLES))
    for proposal in db.session.scalars(select(Proposal).where(
            Proposal.moderation == ModerationState.PUBLISHED).order_by(
            Proposal.institution_id.not_in(moderated), Proposal.id)):
        if proposal.institution_id not in seen:
            seen.add(proposal.institution_id)
            contents.append((ContentKind.PROPOSAL, proposal, proposal.institution))
        if len(seen) == 2:
            break
    for comment in db.session.scalars(select(Comment).where(
            Comment.moderation == ModerationState.PUBLISHED, Comment.is_official.is_(False),
            Comment.deleted_at.is_(None)).order_by(Comment.id).limit(2)):
        contents.append((ContentKind.COMMENT, comment, comment.consultation.institution))
    for n, (kind, content, institution) in enumerate(contents):
        flaggers = [c for c in citizens if c.id != content.author_id][:1 + n % 2]
        for flagger in flaggers:
            service.flag(flagger, kind, content, institution, reason=REASONS[n % len(REASONS)],
                         details="")
    db.session.flush()
