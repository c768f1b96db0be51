"""Appeals: the author of hidden content asks, once, for a different moderator's review;
where the institution has no other moderator, the platform's administrators decide."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.models import (
    Comment,
    Membership,
    ModerationItem,
    ModerationState,
    ReviewState,
    User,
)
from participa.models.audit import record
from participa.timeutil import utcnow


def appeal(author: User, item: ModerationItem, text: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Explain why the content should be restored."), field="text")
    if item.author_id != author.id:
        raise Forbidden(_l("Only the author can appeal."))
    if item.appealed_at is not None:
        raise Conflict(_l("You have already appealed this decision. An appeal can be made "
                          "only once."))
    if item.hidden_by_id is None or item.content.moderation != ModerationState.HIDDEN \
            or item.review != ReviewState.NONE:
        raise Conflict(_l("Only content hidden by a moderator can be appealed."))
    item.appeal_text = text[:3000]
    item.appealed_at = now
    item.review = ReviewState.APPEALED
    item.revision += 1
    record("moderation.appealed", actor=author, institution=item.institution, target=item,
           at=now)


def _another_decider(institution_id, hidden_by_id):
    """SQL: someone in the institution, other than who hid the item, may decide its appeal."""
    from participa.authz import MODERATING_ROLES

    return exists().where(Membership.institution_id == institution_id,
                          Membership.role.in_(MODERATING_ROLES),
                          Membership.user_id != hidden_by_id)


def escalated_ids(item_ids: list[int]) -> set[int]:
    """Of these items, the appeals nobody in their institution may decide (one query): the
    only moderator is the one who hid the content. They go to the platform's admins."""
    if not item_ids:
        return set()
    return set(db.session.scalars(select(ModerationItem.id).where(
        ModerationItem.id.in_(item_ids), ModerationItem.review == ReviewState.APPEALED,
        ~_another_decider(ModerationItem.institution_id, ModerationItem.hidden_by_id))))


def escalated_appeals(page: int = 1, per_page: int = 20):
    """Appeals that went to the platform's administrators, the oldest first."""
    stmt = (select(ModerationItem)
            .options(selectinload(ModerationItem.institution),
                     selectinload(ModerationItem.author),
                     selectinload(ModerationItem.comment).selectinload(Comment.consultation),
                     selectinload(ModerationItem.comment).selectinload(Comment.proposal),
                     selectinload(ModerationItem.proposal))
            .where(ModerationItem.review == ReviewState.APPEALED,
                   ~_another_decider(ModerationItem.institution_id,
                                     ModerationItem.hidden_by_id))
            .order_by(ModerationItem.appealed_at, ModerationItem.id))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def can_decide(user: User, item: ModerationItem) -> bool:
    """May `user` decide on `item`? The institution's moderators may, except on the appeal
    of what they hid themselves; a platform administrator may decide an appeal that nobody
    in the institution may."""
    from participa import authz

    appealed = item.review == ReviewState.APPEALED
    if authz.can_moderate(user, item.institution):
        return not (appealed and item.hidden_by_id == user.id)
    return appealed and authz.is_platform_admin(user) and bool(escalated_ids([item.id]))
