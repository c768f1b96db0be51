"""What the public API may read, as SQL conditions in one place: consultations once open (of
active institutions), their published and undeleted comments, proposals once published and
not held or hidden, question results once public. Nothing else is ever selected."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.models import (Ballot, BallotChoice, Comment, Consultation, Decision,
                              Institution, ModerationState, Phase, Proposal, ProposalAnswer,
                              Question, QuestionOption, Section, Support)
from participa.models.consultations import phase_expression


def public_consultation(now: datetime):
    return and_(phase_expression(now) != Phase.DRAFT.value,
                Consultation.institution_id.in_(
                    select(Institution.id).where(Institution.active.is_(True))))


def public_comment():
    return and_(Comment.moderation == ModerationState.PUBLISHED, Comment.deleted_at.is_(None))


def public_proposal():
    return and_(Proposal.moderation == ModerationState.PUBLISHED,
                Proposal.published_at.is_not(None),
                Proposal.institution_id.in_(
                    select(Institution.id).where(Institution.active.is_(True))))


def institutions():
    return select(Institution).where(Institution.active.is_(True))


def consultations(now: datetime):
    return (select(Consultation, Institution.acronym)
            .join(Institution, Institution.id == Consultation.institution_id)
            .where(public_consultation(now)))


def consultation(consultation_id: int, now: datetime):
    return db.session.execute(consultations(now).where(
        Consultation.id == consultation_id)).first()


def sections(consultation_id: int) -> list[Section]:
    return list(db.session.scalars(select(Section).where(
        Section.consultation_id == consultation_id).order_by(Section.position)))


def comments(consultation_id: int):
    supports = (select(func.count(Support.id)).where(Support.comment_id == Comment.id)
                .correlate(Comment).scalar_subquery())
    return (select(Comment, supports.label("supports"))
            .where(Comment.consultation_id == consultation_id, public_comment()))


def outcome_counts(consultation_id: int) -> dict[str, int]:
    """Public contributions (not official replies) per decision of the outcome report."""
    rows = db.session.execute(
        select(Comment.outcome, func.count(Comment.id))
        .where(Comment.consultation_id == consultation_id, public_comment(),
               Comment.is_official.is_(False))
        .group_by(Comment.outcome)).all()
    counts = {d.value: 0 for d in Decision} | {"none": 0}
    for decision, count in rows:
        counts[decision.value if decision else "none"] = count
    return counts


def questions(consultation_id: int) -> list[Question]:
    return list(db.session.scalars(
        select(Question).options(selectinload(Question.options))
        .where(Question.consultation_id == consultation_id).order_by(Question.position)))


def results_are_public(consultation: Consultation, question: Question, now: datetime) -> bool:
    """As on the consultation page for a visitor: once closed, or live when the official
    chose it for an open consultation."""
    phase = consultation.phase_at(now)
    return phase in (Phase.CLOSED, Phase.OUTCOME) or (
        question.live_results and phase == Phase.OPEN)


def votes(question_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """(ballots per question, votes per option) in two aggregate queries."""
    if not question_ids:
        return {}, {}
    ballots = dict(db.session.execute(
        select(Ballot.question_id, func.count(Ballot.id))
        .where(Ballot.question_id.in_(question_ids)).group_by(Ballot.question_id)).all())
    options = dict(db.session.execute(
        select(QuestionOption.id, func.count(BallotChoice.ballot_id))
        .outerjoin(BallotChoice, BallotChoice.option_id == QuestionOption.id)
        .where(QuestionOption.question_id.in_(question_ids))
        .group_by(QuestionOption.id)).all())
    return ballots, options


def proposals():
    return (select(Proposal, Institution.acronym, ProposalAnswer)
            .join(Institution, Institution.id == Proposal.institution_id)
            .outerjoin(ProposalAnswer, ProposalAnswer.proposal_id == Proposal.id)
            .where(public_proposal()))


def in_period(column, since, until):
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return and_(*conditions) if conditions else true()
