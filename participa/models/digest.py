"""The comment digest of a consultation, and the answers an institution shares with a whole
group of similar comments.

A digest is rebuilt in the background as comments arrive; its groups are derived data.
A shared outcome is a decision: it stays when the digest is rebuilt, and each comment keeps
its own outcome columns (the unit the outcome report and its CSV export are made of).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.consultations import Decision
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class CommentDigest(db.Model):
    __tablename__ = "comment_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    threshold: Mapped[float] = mapped_column(Float, default=0.7)
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued, building, ready, failed
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    built_at: Mapped[datetime | None]
    seconds: Mapped[float | None] = mapped_column(Float)  # how long the last build took
    comment_count: Mapped[int] = mapped_column(default=0)  # comments read by the last build
    themes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    error: Mapped[str | None] = mapped_column(Text)

    groups: Mapped[list["CommentGroup"]] = relationship(
        back_populates="digest", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CommentGroup.position")


class CommentGroup(db.Model):
    __tablename__ = "comment_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int] = mapped_column(
        ForeignKey("comment_digests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)  # largest first
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_sections.id", ondelete="SET NULL"))
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="SET NULL"))
    size: Mapped[int] = mapped_column(default=0)
    stance_for: Mapped[int] = mapped_column(default=0)
    stance_against: Mapped[int] = mapped_column(default=0)
    stance_neutral: Mapped[int] = mapped_column(default=0)

    digest: Mapped[CommentDigest] = relationship(back_populates="groups")
    representative: Mapped["Comment | None"] = relationship()  # noqa: F821


class CommentGroupMember(db.Model):
    __tablename__ = "comment_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("comment_groups.id", ondelete="CASCADE"), primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), primary_key=True,
        index=True)


class SharedOutcome(db.Model):
    __tablename__ = "shared_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    decision: Mapped[Decision] = mapped_column(enum_column_type(Decision, "decision"))
    reason: Mapped[str] = mapped_column(Text, default="")
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    representative: Mapped["Comment | None"] = relationship()  # noqa: F821


class SharedOutcomeMember(db.Model):
    """A comment that carries a shared outcome; it leaves when its own outcome is changed."""
    __tablename__ = "shared_outcome_members"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), primary_key=True)
    shared_outcome_id: Mapped[int] = mapped_column(
        ForeignKey("shared_outcomes.id", ondelete="CASCADE"), index=True)
