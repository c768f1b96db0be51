"""Moderation: flags on what citizens publish, the institution's review queue, bans and the
notices that tell authors what was decided.

One `ModerationItem` per piece of content that ever needed a moderator (a flag, a comment held
for pre-moderation, an appeal). Its `revision` changes with every decision, so that of two
moderators deciding at once only the first is applied (see moderation/service/decisions.py).
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class ContentKind(enum.Enum):
    COMMENT = "comment"
    PROPOSAL = "proposal"


class FlagReason(enum.Enum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


class ReviewState(enum.Enum):
    NONE = "none"            # nothing waits for a moderator
    PENDING = "pending"      # held by pre-moderation until approved
    FLAGGED = "flagged"      # flagged by people
    APPEALED = "appealed"    # hidden, and its author appealed


class NoticeKind(enum.Enum):
    HIDDEN = "hidden"
    RESTORED = "restored"


class ModerationSettings(db.Model):
    """One institution's moderation rules; an institution without a row uses the defaults."""

    __tablename__ = "moderation_settings"

    DEFAULT_FLAG_THRESHOLD = 3

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), unique=True)
    flag_threshold: Mapped[int] = mapped_column(default=DEFAULT_FLAG_THRESHOLD)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ModerationItem(db.Model):
    __tablename__ = "moderation_items"
    __table_args__ = (Index("ix_moderation_items_institution_review", "institution_id",
                            "review"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"))
    kind: Mapped[ContentKind] = mapped_column(enum_column_type(ContentKind, "content_kind"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    review: Mapped[ReviewState] = mapped_column(
        enum_column_type(ReviewState, "review_state"), default=ReviewState.NONE)
    flag_count: Mapped[int] = mapped_column(default=0)   # flags not dismissed
    first_flag_at: Mapped[datetime | None]
    auto_hidden: Mapped[bool] = mapped_column(default=False)  # by the flag threshold
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    appeal_text: Mapped[str] = mapped_column(Text, default="")
    appealed_at: Mapped[datetime | None]
    revision: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped["Institution"] = relationship()  # noqa: F821
    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])  # noqa: F821
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])  # noqa: F821
    comment: Mapped["Comment | None"] = relationship()  # noqa: F821
    proposal: Mapped["Proposal | None"] = relationship()  # noqa: F821

    @property
    def content(self):
        return self.comment if self.kind == ContentKind.COMMENT else self.proposal


class Flag(db.Model):
    """One person flags one item once: the unique constraint holds under races."""

    __tablename__ = "moderation_flags"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[FlagReason] = mapped_column(enum_column_type(FlagReason, "flag_reason"))
    details: Mapped[str] = mapped_column(String(500), default="")
    dismissed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ban(db.Model):
    """A person barred from commenting, proposing and supporting in one institution's
    spaces until `until`."""

    __tablename__ = "moderation_bans"
    __table_args__ = (
        Index("ix_moderation_bans_institution_user", "institution_id", "user_id"),
        # The banner that tells a signed-in person they are suspended.
        Index("ix_moderation_bans_user_until", "user_id", "until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    until: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped["Institution"] = relationship()  # noqa: F821


class ModerationNotice(db.Model):
    """What an author is told when their content is hidden or restored."""

    __tablename__ = "moderation_notices"
    __table_args__ = (
        Index("ix_moderation_notices_user_created", "user_id", "created_at"),
        # The header's unread count, on every page: only unread rows are in this index.
        Index("ix_moderation_notices_user_unread", "user_id",
              sqlite_where=text("read_at IS NULL"), postgresql_where=text("read_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_column_type(NoticeKind, "notice_kind"))
    reason: Mapped[str] = mapped_column(Text, default="")
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ModerationItem] = relationship()


__all__ = ["Ban", "ContentKind", "Flag", "FlagReason", "ModerationItem", "ModerationNotice",
           "ModerationSettings", "NoticeKind", "ReviewState"]
