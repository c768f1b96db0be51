"""Comments on a consultation or a proposal: writing, replying, supporting, editing,
deleting, answering. What differs between the two lives in participa.comment_subjects; the
functions taking `subject` accept either."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal_column, or_, select, true, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from participa import authz
from participa.comment_subjects import subject_of
from participa.consultations.markdown import render
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import (
    Comment,
    Consultation,
    ModerationState,
    Section,
    Stance,
    Support,
    User,
)
from participa.models.audit import record
from participa.moderation import service as moderation
from participa.timeutil import utcnow

MAX_COMMENT_CHARS = 5000
MAX_DEPTH = 3  # a comment, a reply, a reply to the reply
_SCRIPT = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style)\b|javascript\s*:|"
                     r"\bon[a-z]+\s*=", re.IGNORECASE)
SORTS = ("recientes", "apoyados", "seccion")  # a proposal has no sections: no "seccion"


def edit_window() -> timedelta:
    return timedelta(minutes=current_app.config.get("COMMENT_EDIT_MINUTES", 15))


def _clean_body(body: str) -> tuple[str, str]:
    """The text as written and its sanitised rendering, or a DomainError."""
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_l("Write your comment."), field="body")
    if len(text) > MAX_COMMENT_CHARS:
        raise DomainError(_l("The comment is longer than %(n)d characters.", n=MAX_COMMENT_CHARS),
                          field="body")
    if _SCRIPT.search(text):
        raise DomainError(_l("Comments cannot contain scripts or embedded code. Write plain "
                             "text; links are allowed."), field="body")
    return text, str(render(text))


def _require_open(subject, now: datetime) -> None:
    refusal = subject_of(subject).refusal(now)
    if refusal is not None:
        raise refusal


def is_open(subject, now: datetime | None = None) -> bool:
    """Whether the thread of this consultation or proposal takes comments now."""
    return subject_of(subject).refusal(now or utcnow()) is None


def get_comment(subject, comment_id: int) -> Comment:
    comment = db.session.scalar(select(Comment).where(
        Comment.id == comment_id, subject_of(subject).column == subject.id))
    if comment is None:
        raise NotFound(_l("This comment does not exist."))
    return comment


def add_comment(actor: User, subject, *, body: str, stance: Stance,
                section_id: int | None = None, parent_id: int | None = None,
                now: datetime | None = None) -> Comment:
    """A comment or reply on a consultation or a proposal (`subject`)."""
    now = now or utcnow()
    rules = subject_of(subject)
    _require_open(subject, now)
    moderation.ensure_not_banned(actor, rules.institution, now)
    text, html = _clean_body(body)
    moderation.check_links(text)
    official = authz.can_act_for(actor, rules.institution)
    parent = None
    section = None
    if parent_id:
        parent = get_comment(subject, parent_id)
        if parent.depth + 1 >= MAX_DEPTH:
            raise DomainError(_l("This thread is as deep as it can go: reply to an earlier "
                                 "comment instead."))
        section_id = parent.section_id
    if section_id:
        section = db.session.scalar(select(Section).where(
            Section.id == section_id, Section.consultation_id == subject.id)) \
            if isinstance(subject, Consultation) else None  # a proposal has no sections
        if section is None:
            raise DomainError(_l("Choose a section of this consultation."), field="section")
    comment = Comment(
        **{rules.relation: subject}, section=section, author_id=actor.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        stance=Stance.NEUTRAL if parent else stance, body_text=text, body_html=html,
        is_official=official, created_at=now)
    db.session.add(comment)
    db.session.flush()
    if rules.premoderated and not official:
        moderation.hold_comment(comment)
    if official:
        record(f"{rules.audit_prefix}.official_reply" if parent
               else f"{rules.audit_prefix}.official_comment",
               actor=actor, institution=rules.institution, target=comment)
        if parent and parent.author_id and parent.author_id != actor.id \
                and not parent.is_deleted:
            parent.answered_at = parent.answered_at or now
            rules.official_replied(parent, comment)
    rules.commented(comment)
    rules.changed()
    return comment


def _own_live_comment(actor: User, comment: Comment) -> None:
    if comment.author_id != actor.id:
        raise Forbidden(_l("Only the author can change this comment."))
    if comment.is_deleted:
        raise Conflict(_l("This comment has been deleted."))


def can_still_edit(comment: Comment, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (not comment.is_deleted and subject_of(comment).refusal(now) is None
            and now - comment.created_at <= edit_window())


def edit_comment(actor: User, comment: Comment, *, body: str,
                 now: datetime | None = None) -> Comment:
    now = now or utcnow()
    _own_live_comment(actor, comment)
    if not can_still_edit(comment, now):
        raise Conflict(_l("The time to edit this comment has passed (%(n)d minutes).",
                          n=int(edit_window().total_seconds() // 60)))
    text, html = _clean_body(body)
    moderation.check_links(text)
    comment.edited_at = now
    if subject_of(comment).premoderated and not comment.is_official \
            and comment.moderation == ModerationState.PUBLISHED:
        # The approved text stays public until a moderator decides on the edit.
        moderation.hold_comment_edit(comment, text, html)
    else:
        comment.body_text, comment.body_html = text, html
        comment.pending_edit = None
    return comment


def delete_comment(actor: User, comment: Comment, now: datetime | None = None) -> Comment:
    """Remove the content but keep the comment, so that the replies keep their thread."""
    _own_live_comment(actor, comment)
    comment.body_text = comment.body_html = ""
    comment.deleted_at = now or utcnow()
    subject_of(comment).changed()
    return comment


def support_comment(actor: User, comment: Comment, now: datetime | None = None) -> None:
    _require_open(comment.subject, now or utcnow())
    moderation.ensure_not_banned(actor, comment.institution, now)
    if comment.is_deleted:
        raise Conflict(_l("This comment has been deleted."))
    if comment.author_id == actor.id:
        raise Conflict(_l("You cannot support your own comment."))
    try:
        with db.session.begin_nested():
            db.session.add(Support(comment_id=comment.id, user_id=actor.id))
    except IntegrityError:
        raise Conflict(_l("You already support this comment.")) from None


def mark_answered(actor: User, comment: Comment, now: datetime | None = None) -> Comment:
    comment.answered_at = comment.answered_at or now or utcnow()
    rules = subject_of(comment)
    record(f"{rules.audit_prefix}.comment_answered", actor=actor,
           institution=rules.institution, target=comment)
    return comment


@dataclass
class CommentPage:
    pagination: object
    replies: dict  # root id -> [Comment] in thread order
    supports: dict  # comment id -> count
    supported_by_me: set
    under_review: set = field(default_factory=set)  # hidden by flags, awaiting a moderator


def thread_comments(page: CommentPage) -> list[Comment]:
    """The comments and replies shown on a page of a thread."""
    return list(page.pagination.items) + [
        reply for replies in page.replies.values() for reply in replies]


def _thread_order(root: Comment, replies: list[Comment]) -> list[Comment]:
    children: dict = {}
    for reply in replies:
        children.setdefault(reply.parent_id, []).append(reply)
    ordered: list[Comment] = []

    def walk(parent_id: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append(child)
            walk(child.id)

    walk(root.id)
    return ordered


def _visible_to(subject, viewer):
    """Comments held for pre-moderation are seen only by their author and the moderators;
    hidden ones stay in the thread (shown as hidden), so that replies keep their place."""
    if authz.can_moderate(viewer, subject.institution):
        return true()
    held = Comment.moderation == ModerationState.PENDING
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return or_(~held, Comment.author_id == viewer.id)
    return ~held


def _own_held(subject, viewer, section_id: int | None) -> int:
    """The viewer's own top-level comments held for pre-moderation (they see them)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return 0
    query = select(func.count(Comment.id)).where(
        subject_of(subject).column == subject.id, Comment.parent_id.is_(None),
        Comment.author_id == viewer.id, Comment.moderation == ModerationState.PENDING)
    if section_id:
        query = query.where(Comment.section_id == section_id)
    return db.session.scalar(query) or 0


@dataclass
class KeysetPage:
    """A page of a thread found from the comment before (`despues`) or after (`antes`) it:
    the same cost at page 1 and page 1 600 of a 100 000-comment thread, and no comment seen
    twice or missed when others are posted meanwhile. `pagina` only numbers the page."""
    items: list
    page: int
    pages: int
    total: int
    has_prev: bool
    has_next: bool

    @property
    def prev_args(self) -> dict:
        return {"antes": self.items[0].id, "pagina": max(self.page - 1, 1)}

    @property
    def next_args(self) -> dict:
        return {"despues": self.items[-1].id, "pagina": self.page + 1}


def _sort_key(sort: str):
    """The columns a thread is ordered by, ending with the id (ties on the time), and whether
    the order is descending."""
    if sort == "seccion":
        return (func.coalesce(Section.position, 0), Comment.created_at, Comment.id), False
    return (Comment.created_at, Comment.id), True


def _keyset_page(subject, stmt, sort: str, *, after: int | None, before: int | None,
                 page: int, per_page: int, total: int) -> KeysetPage:
    columns, descending = _sort_key(sort)
    cursor, forward = (after, True) if after else (before, False)
    anchor = None
    if cursor:
        # The cursor is only a position: it must be a top-level comment of this thread.
        anchor = db.session.execute(
            select(*columns).select_from(Comment)
            .outerjoin(Section, Section.id == Comment.section_id)
            .where(Comment.id == cursor, subject_of(subject).column == subject.id,
                   Comment.parent_id.is_(None))).first()
    if anchor is None:
        forward, page = True, 1
    # Reading backwards (the page before `antes`) walks the order the other way, then flips.
    ascending = descending != forward
    if anchor is not None:
        key, values = tuple_(*columns), tuple_(*anchor)
        stmt = stmt.where(key > values if ascending else key < values)
    stmt = stmt.order_by(*(column if ascending else column.desc() for column in columns))
    rows = list(db.session.scalars(stmt.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    if forward:
        has_prev, has_next = anchor is not None, more
        page = max(page, 2) if anchor is not None else 1
    else:
        has_prev, has_next = more, True
        page = max(page, 2) if more else 1
    return KeysetPage(items=rows, page=page, pages=max(-(-total // per_page), page),
                      total=total, has_prev=has_prev and bool(rows),
                      has_next=has_next and bool(rows))


def support_counts(comment_ids: list[int], viewer) -> tuple[dict, set]:
    """How many people support each comment, and which of them the viewer supports: one
    query (a comment without supports has no row)."""
    if not comment_ids:
        return {}, set()
    signed_in = viewer is not None and getattr(viewer, "is_authenticated", False)
    by_viewer = (func.sum(case((Support.user_id == viewer.id, 1), else_=0)) if signed_in
                 else literal_column("0"))
    rows = db.session.execute(
        select(Support.comment_id, func.count(Support.id), by_viewer)
        .where(Support.comment_id.in_(comment_ids)).group_by(Support.comment_id)).all()
    return ({comment_id: n for comment_id, n, _ in rows},
            {comment_id for comment_id, _, own in rows if own})


def comment_page(subject, *, viewer=None, sort: str = "recientes",
                 section_id: int | None = None, page: int = 1, per_page: int = 20,
                 public_total: int | None = None, after: int | None = None,
                 before: int | None = None) -> CommentPage:
    """One page of top-level comments with their replies and support counts: three queries
    whatever the number of comments (the authors come joined to the comments, and the
    viewer's own supports with the counts).

    Sorted by time or by section, pages follow each other by keyset (`after`/`before`: the
    id of the top-level comment before or after the page); `page` without a cursor, and the
    sort by supports, count rows from the start.

    `public_total`: how many top-level comments anyone may see (from the consultation's
    cached figures); it spares counting a long thread on every page, except for moderators,
    who also see what is held."""
    in_thread = subject_of(subject).column == subject.id
    visible = _visible_to(subject, viewer)
    stmt = (select(Comment).outerjoin(Section, Section.id == Comment.section_id)
            .where(in_thread, Comment.parent_id.is_(None),
                   visible)
            .options(joinedload(Comment.author), selectinload(Comment.section)))
    if section_id:
        stmt = stmt.where(Comment.section_id == section_id)
    moderates = authz.can_moderate(viewer, subject.institution)
    if sort != "apoyados" and (after or before or page == 1):
        if public_total is None or moderates:
            total = db.session.scalar(select(func.count()).select_from(
                stmt.with_only_columns(Comment.id).order_by(None).subquery()))
        else:
            total = public_total + _own_held(subject, viewer, section_id)
        pagination = _keyset_page(subject, stmt, sort, after=after, before=before,
                                  page=page, per_page=per_page, total=total)
    else:
        if sort == "apoyados":
            # Count only this thread's supports, not the whole table's.
            support_count = (
                select(Support.comment_id, func.count(Support.id).label("n"))
                .join(Comment, Comment.id == Support.comment_id)
                .where(in_thread,
                       Comment.parent_id.is_(None))
                .group_by(Support.comment_id).subquery())
            stmt = (stmt.outerjoin(support_count, support_count.c.comment_id == Comment.id)
                    .order_by(func.coalesce(support_count.c.n, 0).desc(),
                              Comment.created_at.desc(), Comment.id.desc()))
        else:
            columns, descending = _sort_key(sort)
            stmt = stmt.order_by(*(c.desc() if descending else c for c in columns))
        if public_total is None or moderates:
            pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
        else:
            pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False,
                                     count=False)
            pagination.total = public_total + _own_held(subject, viewer, section_id)
        pagination.prev_args = {"pagina": pagination.prev_num}
        pagination.next_args = {"pagina": pagination.next_num}
    roots = list(pagination.items)
    root_ids = [c.id for c in roots]
    reply_rows = list(db.session.scalars(
        select(Comment).where(Comment.root_id.in_(root_ids), visible)
        .options(joinedload(Comment.author)).order_by(Comment.created_at, Comment.id))) \
        if root_ids else []
    by_root: dict = {}
    for reply in reply_rows:
        by_root.setdefault(reply.root_id, []).append(reply)
    replies = {root.id: _thread_order(root, by_root.get(root.id, [])) for root in roots}
    all_ids = root_ids + [r.id for r in reply_rows]
    supports, mine = support_counts(all_ids, viewer)
    hidden = [c.id for c in roots + reply_rows if c.moderation == ModerationState.HIDDEN]
    return CommentPage(pagination=pagination, replies=replies, supports=supports,
                       supported_by_me=mine, under_review=moderation.under_review(hidden))
