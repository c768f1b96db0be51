"""Public consultations on draft policy: the draft, its sections, comments and the outcome.

The phase is never stored: it follows from the dates (see `Consultation.phase` and
`phase_expression`), so a consultation opens and closes on time without anyone clicking.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, and_, case, false,
    literal, text, true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.proposals import ModerationState
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class Phase(enum.Enum):
    DRAFT = "draft"              # private to the institution
    INFORMATION = "information"  # announced: public and readable, comments not open yet
    OPEN = "open"
    CLOSED = "closed"
    OUTCOME = "outcome"


class Stance(enum.Enum):
    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"


class Decision(enum.Enum):
    INCORPORATED = "incorporated"
    PARTLY = "partly"
    NOT_INCORPORATED = "not_incorporated"


class NotificationKind(enum.Enum):
    OFFICIAL_REPLY = "official_reply"
    OUTCOME_PUBLISHED = "outcome_published"
    PROPOSAL_COMMENT = "proposal_comment"  # someone commented on the person's proposal


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(80), default="", index=True)
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    # From this date the draft is public, comments still closed (None: public on opening).
    announces_at: Mapped[datetime | None]
    opens_at: Mapped[datetime] = mapped_column(index=True)
    closes_at: Mapped[datetime] = mapped_column(index=True)
    outcome_summary: Mapped[str] = mapped_column(Text, default="")
    adopted_text_url: Mapped[str] = mapped_column(String(500), default="")
    outcome_published_at: Mapped[datetime | None]
    # Comments wait for a moderator's approval before they are public.
    premoderate_comments: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped["Institution"] = relationship()  # noqa: F821
    sections: Mapped[list[Section]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan",
        order_by="Section.position")
    documents: Mapped[list[Document]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan",
        order_by="Document.id")

    def phase_at(self, now: datetime) -> Phase:
        if self.outcome_published_at is not None:
            return Phase.OUTCOME
        if now < self.opens_at:
            if self.announces_at is not None and self.announces_at <= now:
                return Phase.INFORMATION
            return Phase.DRAFT
        if now < self.closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    @property
    def phase(self) -> Phase:
        return self.phase_at(utcnow())

    @property
    def days_since_close(self) -> int:
        return max(0, (utcnow() - self.closes_at).days)

    @property
    def has_preamble(self) -> bool:
        """Text before the first article is a preamble: it is not numbered."""
        return bool(self.sections) and not self.sections[0].heading

    def section_number(self, position: int | None) -> int | None:
        """The number people see for the section at `position` (preamble excluded)."""
        if position is None:
            return None
        return position - 1 if self.has_preamble else position


def phase_expression(now: datetime):
    """The phase as a SQL expression, for filtering lists on either database."""
    return case(
        (Consultation.outcome_published_at.is_not(None), literal(Phase.OUTCOME.value)),
        (and_(Consultation.opens_at > now, Consultation.announces_at.is_not(None),
              Consultation.announces_at <= now), literal(Phase.INFORMATION.value)),
        (Consultation.opens_at > now, literal(Phase.DRAFT.value)),
        (Consultation.closes_at > now, literal(Phase.OPEN.value)),
        else_=literal(Phase.CLOSED.value),
    )


class Section(db.Model):
    """One numbered section or article of the draft text."""

    __tablename__ = "consultation_sections"
    __table_args__ = (UniqueConstraint("consultation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[Decision | None] = mapped_column(enum_column_type(Decision, "decision"))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    # Nobody commented on it: the outcome report says so instead of giving a decision.
    no_contributions: Mapped[bool] = mapped_column(default=False, server_default=false())

    consultation: Mapped[Consultation] = relationship(back_populates="sections")

    @property
    def is_decided(self) -> bool:
        return self.outcome is not None or self.no_contributions


class Document(db.Model):
    """A background document (PDF, ODT or DOCX), stored outside static/ under instance/."""

    __tablename__ = "consultation_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="documents")


class Comment(db.Model):
    """A comment on a consultation or, since proposals have threads too, on a proposal: one
    table, so that moderation, supports, replies, official answers, search and the personal
    data rules treat both alike. Exactly one of `consultation_id` and `proposal_id` is set."""

    __tablename__ = "consultation_comments"
    __table_args__ = (
        CheckConstraint("(consultation_id IS NULL) <> (proposal_id IS NULL)",
                        name="one_subject"),
        # A proposal's thread: its top-level comments newest first, and its figures.
        Index("ix_consultation_comments_proposal_thread", "proposal_id", "parent_id",
              "created_at", "moderation", "deleted_at"),
        Index("ix_consultation_comments_consultation_created", "consultation_id", "created_at"),
        # A consultation's top-level comments newest first, and (covering) its figures: the
        # stance split per section and the number of participants, read on every view of a
        # consultation that may hold 100 000 comments.
        Index("ix_consultation_comments_figures", "consultation_id", "parent_id", "created_at",
              "moderation", "deleted_at", "section_id", "stance"),
        Index("ix_consultation_comments_participants", "consultation_id", "is_official",
              "author_id"),
        # The workspace's count of comments awaiting an official answer: only those are in
        # the index (the condition as each database renders the query's terms).
        Index("ix_consultation_comments_awaiting_answer", "consultation_id", "is_official",
              "parent_id", "moderation",
              sqlite_where=text("is_official IS 0 AND answered_at IS NULL AND deleted_at IS NULL"),
              postgresql_where=text("is_official IS false AND answered_at IS NULL "
                                    "AND deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_sections.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"))
    # The top-level comment of the thread (itself for a top-level comment's replies' root).
    root_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), index=True)
    depth: Mapped[int] = mapped_column(default=0)
    stance: Mapped[Stance] = mapped_column(enum_column_type(Stance, "stance"),
                                           default=Stance.NEUTRAL)
    body_text: Mapped[str] = mapped_column(Text, default="")  # as written, for editing
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitised
    is_official: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime | None]
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    outcome: Mapped[Decision | None] = mapped_column(enum_column_type(Decision, "decision"))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    # Held by pre-moderation, public, or hidden by moderation (see participa/moderation).
    moderation: Mapped[ModerationState] = mapped_column(
        enum_column_type(ModerationState, "comment_moderation"),
        default=ModerationState.PUBLISHED)
    # Under pre-moderation, the author's edit of a published comment waits here
    # ({"body_text", "body_html"}) while the approved text stays public.
    pending_edit: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped["User | None"] = relationship()  # noqa: F821
    section: Mapped[Section | None] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
    proposal: Mapped["Proposal | None"] = relationship()  # noqa: F821

    @property
    def subject(self):
        """The consultation or proposal the comment is about."""
        return self.consultation if self.consultation_id is not None else self.proposal

    @property
    def institution(self):
        return self.subject.institution

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.moderation == ModerationState.PUBLISHED


class Support(db.Model):
    """One person supports one comment at most: the unique constraint holds under races."""

    __tablename__ = "consultation_supports"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(db.Model):
    """An in-app notice for one person; the text is built from kind and targets when shown."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        # The header's unread count, on every page: only unread rows are in this index.
        Index("ix_notifications_user_unread", "user_id",
              sqlite_where=text("read_at IS NULL"), postgresql_where=text("read_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column_type(NotificationKind, "notification_kind"))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"))
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    comment: Mapped[Comment | None] = relationship()


class MailOptOut(db.Model):
    """The kinds of non-essential mail a person does not want (in-app notices still show).
    A person without a row gets every kind (see participa.mail_preferences)."""

    __tablename__ = "mail_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # True: no mail of that kind. The row was first only for consultations.
    consultations: Mapped[bool] = mapped_column(default=False, server_default=true())
    proposals: Mapped[bool] = mapped_column(default=False, server_default=false())
    cases: Mapped[bool] = mapped_column(default=False, server_default=false())
    moderation: Mapped[bool] = mapped_column(default=False, server_default=false())
