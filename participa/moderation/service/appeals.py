"""Appeals: the author of hidden content asks, once, for a different moderator's review."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from participa.domain import Conflict, DomainError, Forbidden
from participa.models import ModerationItem, ModerationState, ReviewState, User
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
