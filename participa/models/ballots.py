"""Closed questions inside a consultation and the ballots verified citizens cast on them.

One person, one ballot per question: a ballot carries its voter's key, the keyed hash of
their cédula (participa.cedula_hash), and the unique constraint on (question_id, voter_key)
holds even when the same person submits twice at the same moment, or deletes their account
and comes back with the same cédula. Changing one's mind replaces the ballot's chosen options
and keeps the one ballot row. A ballot names its voter's account (`user_id`, emptied when the
account is deleted, taken by the account that holds the cédula next) only so that the person
can see and change their own vote; no page shows who chose what.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, event, false, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.verifications import Level, level_column_type
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
    # A binding question decides something (a referendum-like vote), not only a consultation.
    binding: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The level a person needs to vote; None: identity verified when binding, else declared.
    required_level: Mapped[Level | None] = mapped_column(
        level_column_type("question_required_level"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped["Consultation"] = relationship()  # noqa: F821
    options: Mapped[list[QuestionOption]] = relationship(
        back_populates="question", cascade="all, delete-orphan",
        order_by="QuestionOption.position")

    @property
    def is_single_choice(self) -> bool:
        return self.max_choices == 1

    @property
    def needed_level(self) -> Level:
        if self.required_level is not None:
            return self.required_level
        return Level.IDENTITY_VERIFIED if self.binding else Level.CEDULA_DECLARED


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
    __table_args__ = (UniqueConstraint("question_id", "voter_key",
                                       name="uq_ballots_question_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    # The person, whatever their account: HMAC-SHA256 of the cédula (64 hex characters).
    voter_key: Mapped[str] = mapped_column(String(64))
    # The voter's level when they cast (or last changed) it: results count ballots per level,
    # and a verification revoked later does not take back a ballot cast while it was valid.
    level: Mapped[Level] = mapped_column(level_column_type("ballot_level"),
                                         default=Level.CEDULA_DECLARED,
                                         server_default=Level.CEDULA_DECLARED.value)
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


def _fill_voter_key(mapper, connection, row) -> None:
    """A row added without its key (fixtures, demo data) gets its account's: the unique
    constraint then holds for it like for every other row."""
    if row.voter_key is None and row.user_id is not None:
        from participa.cedula_hash import cedula_hash
        from participa.models.accounts import User

        cedula = connection.scalar(select(User.__table__.c.cedula)
                                   .where(User.__table__.c.id == row.user_id))
        if cedula:
            row.voter_key = cedula_hash(cedula)


event.listen(Ballot, "before_insert", _fill_voter_key)
