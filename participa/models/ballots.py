"""Closed questions inside a consultation and the ballots verified citizens cast on them.

One person, one ballot per question: the unique constraint on (question_id, user_id) holds
even when the same person submits twice at the same moment. Changing one's mind replaces the
ballot's chosen options and keeps the one ballot row. A ballot names its voter only so that
the person can see and change their own vote; no page shows who chose what.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, false, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.timeutil import utcnow


class Question(db.Model):
    __tablename__ = "consultation_questions"
    __table_args__ = (CheckConstraint("max_choices >= 1", name="max_choices_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))
    # 1: single choice (radio buttons); more: up to that many options (checkboxes).
    max_choices: Mapped[int] = mapped_column(default=1)
    # The official may show the results while voting is open; otherwise only after closing.
    live_results: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped["Consultation"] = relationship()  # noqa: F821
    options: Mapped[list[QuestionOption]] = relationship(
        back_populates="question", cascade="all, delete-orphan",
        order_by="QuestionOption.position")

    @property
    def is_single_choice(self) -> bool:
        return self.max_choices == 1


class QuestionOption(db.Model):
    __tablename__ = "consultation_question_options"
    __table_args__ = (UniqueConstraint("question_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(300))

    question: Mapped[Question] = relationship(back_populates="options")


class Ballot(db.Model):
    """One person's ballot on one question; its choices say which options they picked."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("question_id", "user_id",
                                       name="uq_ballots_question_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class BallotChoice(db.Model):
    """An option chosen on a ballot (a single-choice ballot has exactly one)."""

    __tablename__ = "ballot_choices"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_question_options.id", ondelete="CASCADE"), primary_key=True,
        index=True)
