"""Citizen proposals addressed to an institution, their supports and the institution's answer.

A proposal's state moves with dates: while OPEN it collects supports until `closes_at`;
reaching the threshold in time makes it AWAITING_ANSWER with an `answer_due_on` date; a
proposal still OPEN after `closes_at` is archived (at query time by `effective_state`, and for
good by `flask participa proposals-sweep`). Its moderation state is separate, so that
pre-moderation and the moderation queue can hide or hold it without touching its life cycle.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, event, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.models.verifications import Level, level_column_type
from participa.timeutil import utcnow


class ProposalState(enum.Enum):
    OPEN = "open"                         # collecting supports
    AWAITING_ANSWER = "awaiting_answer"   # reached the threshold in time
    ANSWERED = "answered"
    ARCHIVED = "archived"                 # the collection window ended below the threshold
    WITHDRAWN = "withdrawn"               # by its author


class ModerationState(enum.Enum):
    PENDING = "pending"        # waiting for the institution to publish it (pre-moderation)
    PUBLISHED = "published"
    HIDDEN = "hidden"          # taken down by a moderator


class ProposalTopic(enum.Enum):
    HEALTH = "health"
    EDUCATION = "education"
    ENVIRONMENT = "environment"
    TRANSPORT = "transport"
    EMPLOYMENT = "employment"
    ECONOMY = "economy"
    TECHNOLOGY = "technology"
    SOCIAL_INCLUSION = "social_inclusion"
    AGRICULTURE = "agriculture"
    SECURITY = "security"
    CULTURE = "culture"
    OTHER = "other"


class AnswerOutcome(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNDER_STUDY = "under_study"
    ALREADY_PLANNED = "already_planned"


class ProposalSettings(db.Model):
    """One institution's rules for proposals; an institution without a row uses the defaults."""

    __tablename__ = "proposal_settings"

    DEFAULT_THRESHOLD = 100
    DEFAULT_COLLECTION_DAYS = 90
    DEFAULT_ANSWER_BUSINESS_DAYS = 30  # Código Orgánico Administrativo, art. 207

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), unique=True)
    support_threshold: Mapped[int] = mapped_column(default=DEFAULT_THRESHOLD)
    collection_days: Mapped[int] = mapped_column(default=DEFAULT_COLLECTION_DAYS)
    answer_business_days: Mapped[int] = mapped_column(default=DEFAULT_ANSWER_BUSINESS_DAYS)
    premoderate_proposals: Mapped[bool] = mapped_column(default=False)
    # The level a person needs to support the institution's proposals.
    supporter_level: Mapped[Level] = mapped_column(
        level_column_type("proposal_settings_supporter_level"), default=Level.CEDULA_DECLARED,
        server_default=Level.CEDULA_DECLARED.value)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    institution: Mapped["Institution"] = relationship()  # noqa: F821


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        # The public list (participa.proposals.service.list_proposals) shows published
        # proposals most supported first or newest first: a page is read from one of these
        # indexes in its order (backwards) instead of sorting every published proposal.
        Index("ix_proposals_published_supports", "moderation", "support_count",
              "published_at", "id"),
        Index("ix_proposals_published_newest", "moderation", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    topic: Mapped[ProposalTopic] = mapped_column(enum_column_type(ProposalTopic, "proposal_topic"))
    state: Mapped[ProposalState] = mapped_column(
        enum_column_type(ProposalState, "proposal_state"), default=ProposalState.OPEN, index=True)
    moderation: Mapped[ModerationState] = mapped_column(
        enum_column_type(ModerationState, "proposal_moderation"),
        default=ModerationState.PUBLISHED)
    # Under pre-moderation, the author's edit of a published proposal waits here
    # ({"title", "summary", "body", "topic"}) while the approved text stays public.
    pending_edit: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # The institution's threshold when the proposal was published: later changes to the
    # settings do not move the goal of a collection already under way.
    support_threshold: Mapped[int]
    # Kept by the support rows' own insert and delete (see the end of this module), so that
    # lists sort by it without counting 500 000 supports per view.
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # The level needed to support it, taken from the institution's settings when published.
    required_level: Mapped[Level] = mapped_column(
        level_column_type("proposal_required_level"), default=Level.CEDULA_DECLARED,
        server_default=Level.CEDULA_DECLARED.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None] = mapped_column(index=True)
    threshold_reached_at: Mapped[datetime | None]
    answer_due_on: Mapped[date | None]     # a local (Guayaquil) calendar date, inclusive
    withdrawn_at: Mapped[datetime | None]
    archived_at: Mapped[datetime | None]

    institution: Mapped["Institution"] = relationship()  # noqa: F821
    author: Mapped["User | None"] = relationship()  # noqa: F821
    answer: Mapped["ProposalAnswer | None"] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", uselist=False)

    @property
    def is_published(self) -> bool:
        return self.moderation == ModerationState.PUBLISHED

    def effective_state(self, now: datetime | None = None) -> ProposalState:
        """The state as of `now`: an OPEN proposal past its window counts as archived even
        before the sweep command has recorded it."""
        now = now or utcnow()
        if (self.state == ProposalState.OPEN and self.closes_at is not None
                and self.closes_at <= now):
            return ProposalState.ARCHIVED
        return self.state

    def is_open(self, now: datetime | None = None) -> bool:
        return self.is_published and self.effective_state(now) == ProposalState.OPEN

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.state.value}>"


class ProposalSupport(db.Model):
    """One person's support; the unique constraint on the person's key (the keyed hash of
    their cédula, see participa.cedula_hash) keeps it to one per person and proposal, even
    when two requests race or the person deletes their account and comes back. `user_id` is
    emptied when the account is deleted and taken by the account that holds the cédula next."""

    __tablename__ = "proposal_supports"
    __table_args__ = (UniqueConstraint("proposal_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint's index (proposal_id first) also serves the counts per proposal.
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    voter_key: Mapped[str] = mapped_column(String(64))
    # The supporter's level when they supported.
    level: Mapped[Level] = mapped_column(level_column_type("proposal_support_level"),
                                         default=Level.CEDULA_DECLARED,
                                         server_default=Level.CEDULA_DECLARED.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProposalAnswer(db.Model):
    """The institution's public, reasoned answer; one per proposal."""

    __tablename__ = "proposal_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[AnswerOutcome] = mapped_column(
        enum_column_type(AnswerOutcome, "proposal_answer_outcome"))
    text: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Recorded when the answer is given, against the deadline in force at that moment.
    is_late: Mapped[bool] = mapped_column(default=False)

    proposal: Mapped[Proposal] = relationship(back_populates="answer")
    answered_by: Mapped["User | None"] = relationship()  # noqa: F821


def _fill_voter_key(mapper, connection, support) -> None:
    from participa.models.ballots import _fill_voter_key as fill

    fill(mapper, connection, support)


event.listen(ProposalSupport, "before_insert", _fill_voter_key)


@event.listens_for(ProposalSupport, "after_insert")
def _count_support(mapper, connection, support) -> None:
    connection.execute(update(Proposal.__table__)
                       .where(Proposal.__table__.c.id == support.proposal_id)
                       .values(support_count=Proposal.__table__.c.support_count + 1))


@event.listens_for(ProposalSupport, "after_delete")
def _uncount_support(mapper, connection, support) -> None:
    connection.execute(update(Proposal.__table__)
                       .where(Proposal.__table__.c.id == support.proposal_id)
                       .values(support_count=Proposal.__table__.c.support_count - 1))


__all__ = [
    "AnswerOutcome", "ModerationState", "Proposal", "ProposalAnswer", "ProposalSettings",
    "ProposalState", "ProposalSupport", "ProposalTopic",
]
