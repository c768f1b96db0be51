"""The open government observatory: citizens' requests for open data, registered reuses of
open data, and the norms that the national plan counts (entered by hand as dated facts).

A data request owes an answer by `due_on`: 30 business days after it is made, or the date an
institution gave when it planned the publication. Every answer is a `DataRequestAnswer` row
(public history); `state`, `due_on`, `first_answer_at` and `late` on the request are
denormalised from them by `participa.observatory.requests`.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (Date, ForeignKey, Index, String, Text, UniqueConstraint, and_, exists,
                        false, not_)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class DataRequestState(enum.Enum):
    OPEN = "open"            # waiting for the institution's answer
    PLANNED = "planned"      # the institution will publish it by `due_on`
    PUBLISHED = "published"
    REFUSED = "refused"


# States in which the institution still owes something: the due date runs.
PENDING_DATA_REQUEST_STATES = (DataRequestState.OPEN, DataRequestState.PLANNED)


class DataRequest(db.Model):
    __tablename__ = "data_requests"
    __table_args__ = (Index("ix_data_requests_institution_state", "institution_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    format_wanted: Mapped[str] = mapped_column(String(80), default="")
    state: Mapped[DataRequestState] = mapped_column(
        enum_column_type(DataRequestState, "data_request_state"), default=DataRequestState.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    due_on: Mapped[date] = mapped_column(Date)
    first_answer_at: Mapped[datetime | None]
    # Some answer came after the due date in force at the time.
    late: Mapped[bool] = mapped_column(default=False, server_default=false())

    institution: Mapped["Institution"] = relationship()  # noqa: F821
    author: Mapped["User | None"] = relationship()  # noqa: F821
    answers: Mapped[list["DataRequestAnswer"]] = relationship(
        back_populates="request", cascade="all, delete-orphan",
        order_by="DataRequestAnswer.id")
    supports: Mapped[list["DataRequestSupport"]] = relationship(
        back_populates="request", cascade="all, delete-orphan")

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_DATA_REQUEST_STATES

    def is_overdue(self, today: date) -> bool:
        return self.is_pending and self.due_on < today


def data_request_on_time(today: date):
    """SQL: the request has an answer, every answer came by the date owed then, and a planned
    publication is not past its date."""
    return and_(DataRequest.first_answer_at.is_not(None), DataRequest.late.is_(False),
                not_(and_(DataRequest.state == DataRequestState.PLANNED,
                          DataRequest.due_on < today)))


def data_request_planned_past_term():
    """SQL: the institution planned the publication for a date past the legal term (the date
    owed when it planned it). Methodology version 3 counts such a request as not on time."""
    return exists().where(DataRequestAnswer.request_id == DataRequest.id,
                          DataRequestAnswer.outcome == DataRequestState.PLANNED,
                          DataRequestAnswer.planned_on > DataRequestAnswer.due_on)


def data_request_due(today: date):
    """SQL: the request has been answered, or the date owed has passed."""
    return DataRequest.first_answer_at.is_not(None) | (DataRequest.due_on < today)


class DataRequestSupport(db.Model):
    __tablename__ = "data_request_supports"
    __table_args__ = (UniqueConstraint("request_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("data_requests.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[DataRequest] = relationship(back_populates="supports")


class DataRequestAnswer(db.Model):
    """One answer of the institution: published (link), planned (date) or refused (reason)."""

    __tablename__ = "data_request_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("data_requests.id", ondelete="CASCADE"),
                                            index=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                    index=True)
    outcome: Mapped[DataRequestState] = mapped_column(
        enum_column_type(DataRequestState, "data_request_outcome"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date] = mapped_column(Date)  # the date owed when this answer was given
    on_time: Mapped[bool] = mapped_column(default=True)
    url: Mapped[str | None] = mapped_column(String(500))
    planned_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[DataRequest] = relationship(back_populates="answers")


class ReuseKind(enum.Enum):
    APPLICATION = "application"
    STUDY = "study"
    NEWS = "news"
    VISUALISATION = "visualisation"
    OTHER = "other"


class ReviewStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


reuse_institutions = db.Table(
    "reuse_institutions",
    db.Column("reuse_id", db.ForeignKey("reuses.id", ondelete="CASCADE"), primary_key=True),
    db.Column("institution_id", db.ForeignKey("institutions.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


class Reuse(db.Model):
    """An initiative developed with open data, public once an official of one of the
    institutions whose data it uses, or a rector analyst, approves it."""

    __tablename__ = "reuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[ReuseKind] = mapped_column(enum_column_type(ReuseKind, "reuse_kind"))
    # One public address (a /datos/ file or another public URL) per line.
    datasets: Mapped[str] = mapped_column(Text, default="")
    author_name: Mapped[str] = mapped_column(String(200))
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column_type(ReviewStatus, "reuse_review_status"), default=ReviewStatus.PENDING,
        index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reviewed_at: Mapped[datetime | None]
    rejection_reason: Mapped[str] = mapped_column(Text, default="")

    institutions: Mapped[list["Institution"]] = relationship(  # noqa: F821
        secondary=reuse_institutions, order_by="Institution.acronym")

    @property
    def dataset_list(self) -> list[str]:
        return [line for line in self.datasets.splitlines() if line.strip()]


class NormKind(enum.Enum):
    E_PARTICIPATION = "e_participation"
    DATA_PROTECTION = "data_protection"


class NormFact(db.Model):
    """A norm issued (for e-participation or personal-data protection), entered by a platform
    administrator with its date and the link to the published text."""

    __tablename__ = "norm_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NormKind] = mapped_column(enum_column_type(NormKind, "norm_kind"))
    title: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[date] = mapped_column(Date)
    url: Mapped[str] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
