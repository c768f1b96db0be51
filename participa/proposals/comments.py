"""Figures of the comment threads under proposals (the thread itself is
participa.consultations.comments, shared with consultations)."""
from __future__ import annotations

from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Comment, ModerationState


def comment_counts(proposal_ids) -> dict[int, int]:
    """{proposal id: public comments and replies}, in one query for a whole page of a list:
    neither held nor hidden by moderation, nor deleted by their authors."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Comment.proposal_id, func.count(Comment.id))
        .where(Comment.proposal_id.in_(ids), Comment.moderation == ModerationState.PUBLISHED,
               Comment.deleted_at.is_(None))
        .group_by(Comment.proposal_id)).all())


def proposal_comment(comment_id: int) -> Comment | None:
    """A comment under some proposal (never a consultation's), or None."""
    return db.session.scalar(select(Comment).where(Comment.id == comment_id,
                                                   Comment.proposal_id.is_not(None)))
