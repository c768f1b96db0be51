"""Moderation rules: flags, the flag threshold, decisions, appeals, bans and spam limits.

Functions take the acting user and loaded objects, raise participa.domain errors, write the
audit record of every moderator's action and leave the commit to the caller. Every decision
names the item's revision the moderator saw: a conditional update refuses the second of two
decisions taken at once instead of applying it twice.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import (
    Ban,
    Comment,
    ContentKind,
    Flag,
    FlagReason,
    Institution,
    ModerationItem,
    ModerationNotice,
    ModerationSettings,
    ModerationState,
    NoticeKind,
    Proposal,
    ProposalState,
    ReviewState,
    User,
)
from participa.models.audit import record
from participa.timeutil import utcnow

PER_PAGE = 20
MAX_BAN_DAYS = 365
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


# --- Settings --------------------------------------------------------------------------------

def settings_for(institution: Institution) -> ModerationSettings:
    settings = db.session.scalar(select(ModerationSettings).where(
        ModerationSettings.institution_id == institution.id))
    if settings is None:
        settings = ModerationSettings(institution_id=institution.id,
                                      flag_threshold=ModerationSettings.DEFAULT_FLAG_THRESHOLD)
    return settings


def update_settings(actor: User, institution: Institution, *, flag_threshold: int):
    if flag_threshold < 1:
        raise DomainError(_l("Enter a whole number between %(min)d and %(max)d.", min=1,
                             max=1000), field="flag_threshold")
    settings = settings_for(institution)
    before = settings.flag_threshold
    settings.flag_threshold = flag_threshold
    db.session.add(settings)
    record("moderation.settings_updated", actor=actor, institution=institution,
           target=institution, flag_threshold=flag_threshold, before=before)
    return settings


def set_comment_premoderation(actor: User, consultation, enabled: bool) -> None:
    consultation.premoderate_comments = enabled
    record("moderation.comment_premoderation", actor=actor,
           institution=consultation.institution, target=consultation, enabled=enabled)


# --- Checks the other services call ---------------------------------------------------------

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
        raise Forbidden(_l("The moderators of %(acronym)s have suspended your participation "
                           "in its spaces until %(date)s.", acronym=institution.acronym,
                           date=ban.until.strftime("%Y-%m-%d")))


def max_links() -> int:
    return int(current_app.config.get("COMMENT_MAX_LINKS", 3))


def check_links(text: str, field: str = "body") -> None:
    """Many links in one comment are the mark of spam: refuse past the configured cap."""
    limit = max_links()
    if len(_LINK.findall(text or "")) > limit:
        raise DomainError(_l("A comment can contain at most %(n)d links. Remove some and "
                             "publish again.", n=limit), field=field)


def hold_comment(comment: Comment) -> ModerationItem:
    """Keep a new comment pending until a moderator approves it."""
    comment.moderation = ModerationState.PENDING
    item = _item_for(ContentKind.COMMENT, comment, comment.consultation.institution)
    item.review = ReviewState.PENDING
    return item


# --- Items -----------------------------------------------------------------------------------

def _item_for(kind: ContentKind, content, institution: Institution) -> ModerationItem:
    column = ModerationItem.comment_id if kind == ContentKind.COMMENT \
        else ModerationItem.proposal_id
    item = db.session.scalar(select(ModerationItem).where(column == content.id))
    if item is None:
        item = ModerationItem(institution_id=institution.id, kind=kind,
                              author_id=content.author_id, review=ReviewState.NONE,
                              flag_count=0, revision=0, auto_hidden=False)
        if kind == ContentKind.COMMENT:
            item.comment_id = content.id
        else:
            item.proposal_id = content.id
        db.session.add(item)
        db.session.flush()
    return item


def get_item(institution: Institution, item_id: int) -> ModerationItem:
    """An item of this institution's queue, or NotFound (never another institution's)."""
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.id == item_id, ModerationItem.institution_id == institution.id))
    if item is None:
        raise NotFound(_l("This item is not in the moderation queue."))
    return item


def item_of_author(user: User, item_id: int) -> ModerationItem:
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.id == item_id, ModerationItem.author_id == user.id))
    if item is None:
        raise NotFound(_l("This item is not in the moderation queue."))
    return item


def _set_state(item: ModerationItem, state: ModerationState) -> None:
    item.content.moderation = state


# --- Flags -----------------------------------------------------------------------------------

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
    item = _item_for(kind, content, institution)
    try:
        with db.session.begin_nested():
            db.session.add(Flag(item_id=item.id, user_id=user.id, reason=reason,
                                details=details, created_at=now))
    except IntegrityError:
        raise Conflict(_l("You have already flagged this content. The moderators will "
                          "review it.")) from None
    # Counted in SQL after the insert, so that concurrent flags are all counted.
    item.flag_count = db.session.scalar(select(func.count(Flag.id)).where(
        Flag.item_id == item.id, Flag.dismissed_at.is_(None)))
    item.first_flag_at = item.first_flag_at or now
    if item.review == ReviewState.NONE:
        item.review = ReviewState.FLAGGED
    if item.flag_count >= settings_for(institution).flag_threshold:
        _set_state(item, ModerationState.HIDDEN)
        item.auto_hidden = True
        record("moderation.auto_hidden", actor=None, institution=institution, target=item,
               flags=item.flag_count)
    return item


def has_flagged(user, kind: ContentKind, content_ids: list[int]) -> set[int]:
    """Which of these contents `user` flagged already (one query)."""
    if not content_ids or not getattr(user, "is_authenticated", False):
        return set()
    column = ModerationItem.comment_id if kind == ContentKind.COMMENT \
        else ModerationItem.proposal_id
    return set(db.session.scalars(select(column).join(Flag, Flag.item_id == ModerationItem.id)
                                  .where(column.in_(content_ids), Flag.user_id == user.id)))


def under_review(comment_ids: list[int]) -> set[int]:
    """Hidden comments whose hiding still waits for a moderator (one query)."""
    if not comment_ids:
        return set()
    return set(db.session.scalars(select(ModerationItem.comment_id).where(
        ModerationItem.comment_id.in_(comment_ids), ModerationItem.auto_hidden.is_(True))))


# --- Decisions -------------------------------------------------------------------------------

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
    """Publish a held comment, or keep flagged content public and dismiss its flags."""
    now = now or utcnow()
    if item.review not in (ReviewState.PENDING, ReviewState.FLAGGED):
        raise Conflict(_l("Only pending or flagged items can be approved."))
    _claim(item, revision)
    _set_state(item, ModerationState.PUBLISHED)
    item.auto_hidden = False
    _dismiss_flags(item, now)
    _decided(actor, item, now)
    record("moderation.approved", actor=actor, institution=item.institution, target=item)


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
    _set_state(item, ModerationState.HIDDEN)
    item.auto_hidden = False
    item.hidden_reason = reason
    if not appealed:
        item.hidden_by_id = actor.id
        item.hidden_at = now
    _decided(actor, item, now)
    record("moderation.appeal_rejected" if appealed else "moderation.hidden", actor=actor,
           institution=item.institution, target=item, reason=reason)
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
    _set_state(item, ModerationState.PUBLISHED)
    item.auto_hidden = False
    _dismiss_flags(item, now)
    _decided(actor, item, now)
    record("moderation.restored", actor=actor, institution=item.institution, target=item,
           reason=(reason or "").strip(), appeal=appealed)
    return _notice(item, NoticeKind.RESTORED, (reason or "").strip()) if was_decided else None


def dismiss(actor: User, item: ModerationItem, revision: int,
            now: datetime | None = None) -> None:
    """The flags were wrong: drop them, and publish again what the threshold had hidden."""
    now = now or utcnow()
    if item.review != ReviewState.FLAGGED:
        raise Conflict(_l("This item has no flags waiting for a decision."))
    _claim(item, revision)
    if item.auto_hidden:
        _set_state(item, ModerationState.PUBLISHED)
        item.auto_hidden = False
    _dismiss_flags(item, now)
    _decided(actor, item, now)
    record("moderation.flags_dismissed", actor=actor, institution=item.institution,
           target=item)


ACTIONS = {"approve": approve, "hide": hide, "restore": restore, "dismiss": dismiss}


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
    record("moderation.banned", actor=actor, institution=institution, target=user,
           days=days, reason=reason)
    return entry


# --- Appeals ---------------------------------------------------------------------------------

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


# --- Reading ---------------------------------------------------------------------------------

def queue(institution: Institution, page: int = 1, per_page: int = PER_PAGE):
    """Items waiting for a decision: most flagged first, then the oldest."""
    stmt = (select(ModerationItem)
            .options(selectinload(ModerationItem.author),
                     selectinload(ModerationItem.comment).selectinload(Comment.consultation),
                     selectinload(ModerationItem.proposal))
            .where(ModerationItem.institution_id == institution.id,
                   ModerationItem.review != ReviewState.NONE)
            .order_by(ModerationItem.flag_count.desc(),
                      func.coalesce(ModerationItem.first_flag_at, ModerationItem.created_at),
                      ModerationItem.id))
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


def held_proposal_count(institution: Institution) -> int:
    return db.session.scalar(select(func.count(Proposal.id)).where(
        Proposal.institution_id == institution.id,
        Proposal.moderation == ModerationState.PENDING,
        Proposal.state == ProposalState.OPEN)) or 0


def pending_count(institutions: list[Institution]) -> int:
    """Items and held proposals waiting for the moderators of these institutions."""
    ids = [i.id for i in institutions]
    if not ids:
        return 0
    items = db.session.scalar(select(func.count(ModerationItem.id)).where(
        ModerationItem.institution_id.in_(ids), ModerationItem.review != ReviewState.NONE))
    proposals = db.session.scalar(select(func.count(Proposal.id)).where(
        Proposal.institution_id.in_(ids), Proposal.moderation == ModerationState.PENDING,
        Proposal.state == ProposalState.OPEN))
    return (items or 0) + (proposals or 0)


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
