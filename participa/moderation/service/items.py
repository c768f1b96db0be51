"""Moderation items: one per piece of content that ever needed a moderator."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from participa.comment_subjects import subject_of
from participa.domain import NotFound
from participa.extensions import db
from participa.models import (
    Comment,
    ContentKind,
    Institution,
    ModerationItem,
    ModerationState,
    ReviewState,
    User,
)


def item_for(kind: ContentKind, content, institution: Institution) -> ModerationItem:
    """The item of this content, created the first time it is needed.

    Created by INSERT ... ON CONFLICT DO NOTHING on its content's unique column, so that two
    first flags at once both end with the one item instead of a duplicate-key error."""
    column = ModerationItem.comment_id if kind == ContentKind.COMMENT \
        else ModerationItem.proposal_id
    item = db.session.scalar(select(ModerationItem).where(column == content.id))
    if item is None:
        insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" \
            else sqlite.insert
        db.session.execute(insert(ModerationItem).values(
            institution_id=institution.id, kind=kind, author_id=content.author_id,
            review=ReviewState.NONE, flag_count=0, revision=0, auto_hidden=False,
            **{column.key: content.id}).on_conflict_do_nothing(index_elements=[column.key]))
        item = db.session.scalar(select(ModerationItem).where(column == content.id))
    return item


def hold_comment(comment: Comment) -> ModerationItem:
    """Keep a new comment pending until a moderator approves it."""
    comment.moderation = ModerationState.PENDING
    item = item_for(ContentKind.COMMENT, comment, comment.institution)
    item.review = ReviewState.PENDING
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


def item_of_content(kind: ContentKind, content_id: int) -> ModerationItem | None:
    """The moderation item of a comment or proposal, if it ever needed a moderator."""
    column = ModerationItem.comment_id if kind == ContentKind.COMMENT \
        else ModerationItem.proposal_id
    return db.session.scalar(select(ModerationItem).where(column == content_id))


def is_under_review(item: ModerationItem | None) -> bool:
    """Hidden, and a moderator still has to decide: by the flag threshold, or appealed."""
    return item is not None and (item.auto_hidden or item.review == ReviewState.APPEALED)


def set_state(item: ModerationItem, state: ModerationState) -> None:
    item.content.moderation = state
    if isinstance(item.content, Comment):  # its thread's counts change
        subject_of(item.content).changed()
