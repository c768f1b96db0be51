"""What waits for an institution today: one small query per figure, each served by an index
on (institution, state) and returning a count, never rows."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from participa.cases.businessdays import due_date
from participa.extensions import db
from participa.models import (Case, Comment, Consultation, DataRequest, Membership,
                              ModerationItem, Proposal, ProposalState, ReviewState)
from participa.models.cases import OPEN_STATES
from participa.models.consultations import ModerationState
from participa.models.observatory import PENDING_DATA_REQUEST_STATES

DUE_SOON_BUSINESS_DAYS = 3


def _count(query) -> int:
    return db.session.scalar(query) or 0


def _open_cases(institution_id: int):
    return select(func.count(Case.id)).where(Case.institution_id == institution_id,
                                             Case.state.in_(OPEN_STATES))


def due_soon_limit(today: date) -> date:
    return due_date(today, DUE_SOON_BUSINESS_DAYS)


def cases_overdue(institution_id: int, today: date) -> int:
    return _count(_open_cases(institution_id).where(Case.due_on < today))


def cases_due_soon(institution_id: int, today: date) -> int:
    """Open cases due from today to DUE_SOON_BUSINESS_DAYS business days from now."""
    return _count(_open_cases(institution_id).where(Case.due_on >= today,
                                                    Case.due_on <= due_soon_limit(today)))


def cases_awaiting_citizen(institution_id: int) -> int:
    """Open cases whose question to the citizen is not answered yet."""
    return _count(_open_cases(institution_id).where(Case.information_requested_at.is_not(None)))


def cases_open(institution_id: int) -> int:
    return _count(_open_cases(institution_id))


def comments_awaiting_answer(institution_id: int) -> int:
    """Published top-level comments on the institution's consultations that no official has
    answered yet."""
    return _count(select(func.count(Comment.id)).join(
        Consultation, Consultation.id == Comment.consultation_id).where(
        Consultation.institution_id == institution_id, Comment.parent_id.is_(None),
        Comment.is_official.is_(False), Comment.answered_at.is_(None),
        Comment.deleted_at.is_(None), Comment.moderation == ModerationState.PUBLISHED))


def proposals_owed_answer(institution_id: int) -> int:
    """Proposals that reached the support threshold in time: a public answer is owed."""
    return _count(select(func.count(Proposal.id)).where(
        Proposal.institution_id == institution_id,
        Proposal.state == ProposalState.AWAITING_ANSWER))


def moderation_waiting(institution_id: int) -> int:
    """Flagged content and content held by pre-moderation."""
    return _count(select(func.count(ModerationItem.id)).where(
        ModerationItem.institution_id == institution_id,
        ModerationItem.review.in_([ReviewState.PENDING, ReviewState.FLAGGED])))


def appeals_waiting(institution_id: int) -> int:
    return _count(select(func.count(ModerationItem.id)).where(
        ModerationItem.institution_id == institution_id,
        ModerationItem.review == ReviewState.APPEALED))


def data_requests_pending(institution_id: int) -> int:
    """Open-data requests still owed an answer or a publication."""
    return _count(select(func.count(DataRequest.id)).where(
        DataRequest.institution_id == institution_id,
        DataRequest.state.in_(PENDING_DATA_REQUEST_STATES)))


def consultations(institution_id: int) -> int:
    return _count(select(func.count(Consultation.id)).where(
        Consultation.institution_id == institution_id))


def members(institution_id: int) -> int:
    return _count(select(func.count(func.distinct(Membership.user_id))).where(
        Membership.institution_id == institution_id))
