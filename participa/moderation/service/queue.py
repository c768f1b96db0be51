"""Reading the institution's queue: what waits, the authors' history, flag reasons, counts."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.models import (
    Comment,
    ContentKind,
    Flag,
    Institution,
    ModerationItem,
    ModerationState,
    Proposal,
    ProposalState,
    ReviewState,
)

PER_PAGE = 20


def queue(institution: Institution, page: int = 1, per_page: int = PER_PAGE):
    """Items waiting for a decision: most flagged first, then the oldest."""
    stmt = (select(ModerationItem)
            .options(selectinload(ModerationItem.author),
                     selectinload(ModerationItem.comment).selectinload(Comment.consultation),
                     selectinload(ModerationItem.comment).selectinload(Comment.proposal),
                     selectinload(ModerationItem.proposal))
            .where(ModerationItem.institution_id == institution.id,
                   ModerationItem.review != ReviewState.NONE)
            .order_by(ModerationItem.flag_count.desc(),
                      func.coalesce(ModerationItem.first_flag_at, ModerationItem.created_at),
                      ModerationItem.id))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


DECIDED_STATES = ("hidden", "public")


def decided(institution: Institution, *, state: str = "", kind: str = "", page: int = 1,
            per_page: int = PER_PAGE):
    """Items a moderator decided and nothing waits on, the latest decision first; `state`
    keeps those whose content is now hidden or public, `kind` comments or proposals."""
    stmt = (select(ModerationItem)
            .options(selectinload(ModerationItem.author),
                     selectinload(ModerationItem.decided_by),
                     selectinload(ModerationItem.comment).selectinload(Comment.consultation),
                     selectinload(ModerationItem.comment).selectinload(Comment.proposal),
                     selectinload(ModerationItem.proposal))
            .outerjoin(Comment, Comment.id == ModerationItem.comment_id)
            .outerjoin(Proposal, Proposal.id == ModerationItem.proposal_id)
            .where(ModerationItem.institution_id == institution.id,
                   ModerationItem.review == ReviewState.NONE,
                   ModerationItem.decided_at.is_not(None)))
    hidden = or_(Comment.moderation == ModerationState.HIDDEN,
                 Proposal.moderation == ModerationState.HIDDEN)
    if state == "hidden":
        stmt = stmt.where(hidden)
    elif state == "public":
        stmt = stmt.where(~hidden)
    if kind in {k.value for k in ContentKind}:
        stmt = stmt.where(ModerationItem.kind == ContentKind(kind))
    stmt = stmt.order_by(ModerationItem.decided_at.desc(), ModerationItem.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def hidden_history(institution: Institution, author_ids: list[int]) -> dict[int, int]:
    """How many of each author's items the institution's moderators hid (one query)."""
    if not author_ids:
        return {}
    return dict(db.session.execute(
        select(ModerationItem.author_id, func.count(ModerationItem.id))
        .where(ModerationItem.institution_id == institution.id,
               ModerationItem.author_id.in_(author_ids),
               ModerationItem.hidden_at.is_not(None))
        .group_by(ModerationItem.author_id)).all())


def flag_reasons(item_ids: list[int]) -> dict[int, dict]:
    """Per item, the count of live flags by reason (one query)."""
    if not item_ids:
        return {}
    out: dict[int, dict] = {}
    for item_id, reason, count in db.session.execute(
            select(Flag.item_id, Flag.reason, func.count(Flag.id))
            .where(Flag.item_id.in_(item_ids), Flag.dismissed_at.is_(None))
            .group_by(Flag.item_id, Flag.reason)).all():
        out.setdefault(item_id, {})[reason] = count
    return out


def _held_proposals(institution_ids: list[int]):
    return select(func.count(Proposal.id)).where(
        Proposal.institution_id.in_(institution_ids),
        Proposal.moderation == ModerationState.PENDING,
        Proposal.state == ProposalState.OPEN)


def held_proposal_count(institution: Institution) -> int:
    return db.session.scalar(_held_proposals([institution.id])) or 0


def pending_count(institution_ids: list[int]) -> int:
    """Items and held proposals waiting for the moderators of these institutions, in one
    statement (both counts use an index on the institution)."""
    if not institution_ids:
        return 0
    items = select(func.count(ModerationItem.id)).where(
        ModerationItem.institution_id.in_(institution_ids),
        ModerationItem.review != ReviewState.NONE)
    return db.session.scalar(select(items.scalar_subquery()
                                    + _held_proposals(institution_ids).scalar_subquery())) or 0
