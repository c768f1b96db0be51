"""What authors are told: the notices of their hidden and restored content."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.models import ModerationItem, ModerationNotice, User
from participa.timeutil import utcnow


def notices_for(user: User, page: int = 1):
    stmt = (select(ModerationNotice).where(ModerationNotice.user_id == user.id)
            .options(selectinload(ModerationNotice.item).selectinload(ModerationItem.comment),
                     selectinload(ModerationNotice.item).selectinload(ModerationItem.proposal))
            .order_by(ModerationNotice.created_at.desc(), ModerationNotice.id.desc()))
    return db.paginate(stmt, page=page, per_page=30, error_out=False)


def mark_notices_read(user: User) -> None:
    db.session.execute(update(ModerationNotice).where(
        ModerationNotice.user_id == user.id, ModerationNotice.read_at.is_(None))
        .values(read_at=utcnow()))
