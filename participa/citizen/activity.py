"""What Mi Participa lists: the person's cases, comments, proposals, supports, votes and
requests for open data, each list newest first and limited (a link leads to the full list
where one exists). One query per list, none per row."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from participa.extensions import db
from participa.models import (Ballot, Case, Comment, Consultation, Proposal, ProposalSupport,
                              Question, User)

LIMIT = 10


@dataclass
class Listing:
    rows: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


@dataclass
class Activity:
    cases: Listing
    comments: Listing
    answers: dict  # comment id -> the official reply
    proposals: Listing
    supports: Listing
    votes: Listing
    data_requests: Listing


def _listing(stmt, count_stmt) -> Listing:
    return Listing(list(db.session.execute(stmt).all()),
                   db.session.scalar(count_stmt) or 0)


def activity_of(user: User) -> Activity:
    from participa.models import DataRequest

    cases = Listing(
        list(db.session.scalars(
            select(Case).where(Case.citizen_id == user.id)
            .options(selectinload(Case.institution))
            .order_by(Case.updated_at.desc(), Case.id.desc()).limit(LIMIT))),
        db.session.scalar(select(func.count(Case.id)).where(Case.citizen_id == user.id)) or 0)

    mine = (Comment.author_id == user.id, Comment.deleted_at.is_(None))
    comments = Listing(
        list(db.session.scalars(
            select(Comment).where(*mine).options(selectinload(Comment.consultation),
                                                 selectinload(Comment.proposal))
            .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(LIMIT))),
        db.session.scalar(select(func.count(Comment.id)).where(*mine)) or 0)
    answered = [c.id for c in comments.rows if c.answered_at is not None]
    answers = {}
    if answered:
        for reply in db.session.scalars(
                select(Comment).where(Comment.parent_id.in_(answered),
                                      Comment.is_official.is_(True),
                                      Comment.deleted_at.is_(None))
                .order_by(Comment.created_at)):
            answers.setdefault(reply.parent_id, reply)

    proposals = Listing(
        list(db.session.scalars(
            select(Proposal).where(Proposal.author_id == user.id)
            .options(selectinload(Proposal.institution))
            .order_by(Proposal.created_at.desc(), Proposal.id.desc()).limit(LIMIT))),
        db.session.scalar(select(func.count(Proposal.id))
                          .where(Proposal.author_id == user.id)) or 0)

    supports = _listing(
        select(Proposal.id, Proposal.title, ProposalSupport.created_at)
        .join(ProposalSupport, ProposalSupport.proposal_id == Proposal.id)
        .where(ProposalSupport.user_id == user.id)
        .order_by(ProposalSupport.created_at.desc()).limit(LIMIT),
        select(func.count()).select_from(ProposalSupport)
        .where(ProposalSupport.user_id == user.id))

    # That the person voted, and when: never how (the ballot is secret).
    consultation = aliased(Consultation)
    votes = _listing(
        select(consultation.id, consultation.title, Question.text,
               func.coalesce(Ballot.changed_at, Ballot.cast_at).label("at"))
        .join(Question, Question.id == Ballot.question_id)
        .join(consultation, consultation.id == Question.consultation_id)
        .where(Ballot.user_id == user.id)
        .order_by(func.coalesce(Ballot.changed_at, Ballot.cast_at).desc()).limit(LIMIT),
        select(func.count()).select_from(Ballot).where(Ballot.user_id == user.id))

    data_requests = Listing(
        list(db.session.scalars(
            select(DataRequest).where(DataRequest.author_id == user.id)
            .options(selectinload(DataRequest.institution))
            .order_by(DataRequest.created_at.desc(), DataRequest.id.desc()).limit(LIMIT))),
        db.session.scalar(select(func.count(DataRequest.id))
                          .where(DataRequest.author_id == user.id)) or 0)

    return Activity(cases=cases, comments=comments, answers=answers, proposals=proposals,
                    supports=supports, votes=votes, data_requests=data_requests)
