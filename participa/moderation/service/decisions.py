"""A moderator's decisions on an item: approve, hide, restore, dismiss the flags.

Each decision names the item's revision the moderator saw; the conditional update in
`_claim` refuses the second of two decisions taken at once instead of applying it twice.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from participa.comment_subjects import subject_of
from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.models import (
    Comment,
    Flag,
    ModerationItem,
    ModerationNotice,
    ModerationState,
    NoticeKind,
    ReviewState,
    User,
)
from participa.models.audit import record
from participa.moderation.service.edits import apply_pending_edit
from participa.moderation.service.items import set_state
from participa.timeutil import utcnow


def _claim(item: ModerationItem, revision: int) -> None:
    """Take the decision on `item` as seen at `revision`, or refuse: someone else decided."""
    result = db.session.execute(
        update(ModerationItem).where(ModerationItem.id == item.id,
                                     ModerationItem.revision == revision)
        .values(revision=revision + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(_l("Another moderator has already decided on this item. Review it "
                          "again."))
    db.session.refresh(item)


def _check_appeal_reviewer(actor: User, item: ModerationItem) -> None:
    if item.review == ReviewState.APPEALED and item.hidden_by_id == actor.id:
        raise Forbidden(_l("An appeal is decided by a different moderator than the one who "
                           "hid the content."))


def _decided(actor: User, item: ModerationItem, now: datetime) -> None:
    item.review = ReviewState.NONE
    item.decided_by_id = actor.id
    item.decided_at = now


def _dismiss_flags(item: ModerationItem, now: datetime) -> None:
    db.session.execute(update(Flag).where(Flag.item_id == item.id, Flag.dismissed_at.is_(None))
                       .values(dismissed_at=now).execution_options(synchronize_session=False))
    item.flag_count = 0


def _notice(item: ModerationItem, kind: NoticeKind, reason: str) -> ModerationNotice | None:
    if item.author_id is None:
        return None
    notice = ModerationNotice(user_id=item.author_id, item_id=item.id, kind=kind,
                              reason=reason, created_at=utcnow())
    db.session.add(notice)
    return notice


def approve(actor: User, item: ModerationItem, revision: int,
            now: datetime | None = None) -> None:
    """Publish a held comment (or its held edit), or keep flagged content public and dismiss
    its flags."""
    now = now or utcnow()
    if item.review not in (ReviewState.PENDING, ReviewState.FLAGGED):
        raise Conflict(_l("Only pending or flagged items can be approved."))
    _claim(item, revision)
    was_held = item.content.moderation == ModerationState.PENDING
    set_state(item, ModerationState.PUBLISHED)
    edited = apply_pending_edit(item.content)
    item.auto_hidden = False
    _dismiss_flags(item, now)
    _decided(actor, item, now)
    record("moderation.approved", actor=actor, institution=item.institution, target=item,
           at=now, **({"edit": True} if edited else {}))
    if was_held and isinstance(item.content, Comment):
        # Published only now: those told of a new comment (a proposal's author) learn it now.
        subject_of(item.content).commented(item.content)


def reject_edit(actor: User, item: ModerationItem, revision: int,
                now: datetime | None = None) -> None:
    """Keep the approved text and drop the author's waiting edit."""
    now = now or utcnow()
    if item.review != ReviewState.PENDING or not item.content.pending_edit:
        raise Conflict(_l("This item has no edit waiting for a decision."))
    _claim(item, revision)
    item.content.pending_edit = None
    _decided(actor, item, now)
    record("moderation.edit_rejected", actor=actor, institution=item.institution,
           target=item, at=now)


def hide(actor: User, item: ModerationItem, revision: int, reason: str,
         now: datetime | None = None) -> ModerationNotice | None:
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for hiding it: its author will read it."),
                          field="reason")
    if item.review == ReviewState.NONE and item.content.moderation == ModerationState.HIDDEN:
        raise Conflict(_l("This content is already hidden."))
    _check_appeal_reviewer(actor, item)
    appealed = item.review == ReviewState.APPEALED
    _claim(item, revision)
    set_state(item, ModerationState.HIDDEN)
    item.auto_hidden = False
    item.hidden_reason = reason
    if not appealed:
        item.hidden_by_id = actor.id
        item.hidden_at = now
    _decided(actor, item, now)
    record("moderation.appeal_rejected" if appealed else "moderation.hidden", actor=actor,
           institution=item.institution, target=item, at=now, reason=reason)
    return _notice(item, NoticeKind.HIDDEN, reason)


def restore(actor: User, item: ModerationItem, revision: int, reason: str = "",
            now: datetime | None = None) -> ModerationNotice | None:
    now = now or utcnow()
    if item.content.moderation != ModerationState.HIDDEN:
        raise Conflict(_l("Only hidden content can be restored."))
    _check_appeal_reviewer(actor, item)
    appealed = item.review == ReviewState.APPEALED
    was_decided = item.hidden_by_id is not None
    _claim(item, revision)
    set_state(item, ModerationState.PUBLISHED)
    item.auto_hidden = False
    _dismiss_flags(item, now)
    _decided(actor, item, now)
    record("moderation.restored", actor=actor, institution=item.institution, target=item,
           at=now, reason=(reason or "").strip(), appeal=appealed)
    return _notice(item, NoticeKind.RESTORED, (reason or "").strip()) if was_decided else None


def dismiss(actor: User, item: ModerationItem, revision: int,
            now: datetime | None = None) -> None:
    """The flags were wrong: drop them, and publish again what the threshold had hidden."""
    now = now or utcnow()
    if item.review != ReviewState.FLAGGED:
        raise Conflict(_l("This item has no flags waiting for a decision."))
    _claim(item, revision)
    if item.auto_hidden:
        set_state(item, ModerationState.PUBLISHED)
        item.auto_hidden = False
    _dismiss_flags(item, now)
    _decided(actor, item, now)
    record("moderation.flags_dismissed", actor=actor, institution=item.institution,
           target=item, at=now)


ACTIONS = {"approve": approve, "hide": hide, "restore": restore, "dismiss": dismiss,
           "reject_edit": reject_edit}
