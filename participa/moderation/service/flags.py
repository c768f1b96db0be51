"""Flags: anyone registered flags content once; at the threshold it is hidden for review."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.locking import lock_row
from participa.models import (
    ContentKind,
    Flag,
    FlagReason,
    Institution,
    ModerationItem,
    ModerationState,
    ReviewState,
    User,
)
from participa.models.audit import record
from participa.moderation.service.items import item_for, set_state
from participa.moderation.service.settings import settings_for
from participa.timeutil import utcnow


def flag(user: User, kind: ContentKind, content, institution: Institution, *,
         reason: FlagReason, details: str = "", now: datetime | None = None) -> ModerationItem:
    """Flag content once; at the institution's threshold it is hidden pending review."""
    now = now or utcnow()
    details = (details or "").strip()
    if reason == FlagReason.OTHER and not details:
        raise DomainError(_l("Say what is wrong with this content."), field="details")
    if len(details) > 500:
        raise DomainError(_l("The explanation must have at most %(max)d characters.", max=500),
                          field="details")
    if content.author_id == user.id:
        raise Conflict(_l("You cannot flag your own content."))
    if content.id in has_flagged(user, kind, [content.id]):
        raise Conflict(_l("You have already flagged this content. The moderators will "
                          "review it."))
    if content.moderation != ModerationState.PUBLISHED:
        raise Conflict(_l("This content is already waiting for the moderators."))
    # Flags of one item queue on its row: the checks and the count below see every flag
    # committed before, so the count is exact and only one flag crosses the threshold.
    item = lock_row(ModerationItem, item_for(kind, content, institution).id)
    db.session.refresh(content, ["moderation"])
    if content.moderation != ModerationState.PUBLISHED:
        raise Conflict(_l("This content is already waiting for the moderators."))
    try:
        with db.session.begin_nested():
            db.session.add(Flag(item_id=item.id, user_id=user.id, reason=reason,
                                details=details, created_at=now))
    except IntegrityError:
        raise Conflict(_l("You have already flagged this content. The moderators will "
                          "review it.")) from None
    item.flag_count = db.session.scalar(select(func.count(Flag.id)).where(
        Flag.item_id == item.id, Flag.dismissed_at.is_(None)))
    item.first_flag_at = item.first_flag_at or now
    if item.review == ReviewState.NONE:
        item.review = ReviewState.FLAGGED
    if item.flag_count >= settings_for(institution).flag_threshold:
        set_state(item, ModerationState.HIDDEN)
        item.auto_hidden = True
        record("moderation.auto_hidden", actor=None, institution=institution, target=item,
               at=now, flags=item.flag_count)
    return item


def _column(kind: ContentKind):
    return ModerationItem.comment_id if kind == ContentKind.COMMENT \
        else ModerationItem.proposal_id


def has_flagged(user, kind: ContentKind, content_ids: list[int]) -> set[int]:
    """Which of these contents `user` flagged already (one query)."""
    if not content_ids or not getattr(user, "is_authenticated", False):
        return set()
    column = _column(kind)
    return set(db.session.scalars(select(column).join(Flag, Flag.item_id == ModerationItem.id)
                                  .where(column.in_(content_ids), Flag.user_id == user.id)))


def under_review(comment_ids: list[int], kind: ContentKind = ContentKind.COMMENT) -> set[int]:
    """Hidden contents whose hiding still waits for a moderator (one query)."""
    if not comment_ids:
        return set()
    column = _column(kind)
    return set(db.session.scalars(select(column).where(
        column.in_(comment_ids), ModerationItem.auto_hidden.is_(True))))
