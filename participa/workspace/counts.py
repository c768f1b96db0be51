"""What waits for an institution today: counts, never rows, each served by an index on
(institution, state). COUNT(*) rather than COUNT(id): PostgreSQL then answers from the index
alone (an index-only scan) instead of reading every counted row from the table.

The workspace page reads its counts in three statements (`case_counts`,
`comments_awaiting_answer`, `other_counts`); the first two walk thousands of index entries
at national scale and are cached (`cached_case_counts`, `cached_comments_awaiting_answer`)
under tokens that a commit changing what they count replaces (participa.workspace.freshness)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.orm import aliased

from participa.cases.businessdays import due_date
from participa.extensions import db
from participa.figures_cache import remember
from participa.workspace import freshness
from participa.models import (Case, Comment, Consultation, DataRequest, Membership,
                              ModerationItem, Proposal, ProposalState, ReviewState)
from participa.models.cases import OPEN_STATES
from participa.models.consultations import ModerationState
from participa.models.observatory import PENDING_DATA_REQUEST_STATES

DUE_SOON_BUSINESS_DAYS = 3


def _count(query) -> int:
    return db.session.scalar(query) or 0


def due_soon_limit(today: date) -> date:
    return due_date(today, DUE_SOON_BUSINESS_DAYS)


def comments_awaiting_answer(institution_id: int) -> int:
    """Published top-level comments on the institution's consultations that no official has
    answered yet."""
    return _count(select(func.count()).select_from(Comment).join(
        Consultation, Consultation.id == Comment.consultation_id).where(
        Consultation.institution_id == institution_id, Comment.parent_id.is_(None),
        Comment.is_official.is_(False), Comment.answered_at.is_(None),
        Comment.deleted_at.is_(None), Comment.moderation == ModerationState.PUBLISHED))


# --- the workspace page: all its counts in three statements, the costly two cached --------

@dataclass(frozen=True)
class CaseCounts:
    """The institution's open cases, and among them those of each entry of today's work."""

    open: int
    overdue: int
    due_soon: int
    priority: int
    awaiting_citizen: int


def _among_open(cases, condition):
    return (select(func.count()).select_from(cases)
            .where(cases.institution_id == bindparam("institution_id"),
                   cases.state.in_(OPEN_STATES), condition).scalar_subquery())


# Built once: an alias of the cases' table and a statement of subqueries cost more to build
# (milliseconds: every column of the table is proxied) than the statement costs to run.
_PRIORITY, _AWAITING = aliased(Case, name="priority_cases"), aliased(Case, name="awaiting_cases")
_CASE_COUNTS = select(
    func.count(),
    func.count(case((Case.due_on < bindparam("today"), 1))),
    func.count(case((and_(Case.due_on >= bindparam("today"),
                          Case.due_on <= bindparam("soon")), 1))),
    _among_open(_PRIORITY, _PRIORITY.priority.is_(True)),
    _among_open(_AWAITING, _AWAITING.information_requested_at.is_not(None)),
).select_from(Case).where(Case.institution_id == bindparam("institution_id"),
                          Case.state.in_(OPEN_STATES))


def case_counts(institution_id: int, today: date, soon: date) -> CaseCounts:
    """One statement: the open cases' count and due dates from the (institution, state,
    due_on) index alone; the priority and awaiting-citizen counts as subqueries, each read
    from its partial index (few rows) instead of visiting every open case in the table."""
    row = db.session.execute(_CASE_COUNTS, {"institution_id": institution_id,
                                            "today": today, "soon": soon}).one()
    return CaseCounts(*(value or 0 for value in row))


def cached_case_counts(institution_id: int, today: date, soon: date) -> CaseCounts:
    """`case_counts`, cached until a commit changes the institution's cases (or the day)."""
    if not freshness.enabled():
        return case_counts(institution_id, today, soon)
    token = freshness.tokens(institution_id)[freshness.CASES]
    key = (f"workspace:{freshness.KEY_VERSION}:cases:{institution_id}:{token}:"
           f"{today.isoformat()}:{soon.isoformat()}")
    return CaseCounts(**remember(key, lambda: asdict(case_counts(institution_id, today, soon))))


def cached_comments_awaiting_answer(institution_id: int) -> int:
    """`comments_awaiting_answer`, cached until a commit changes a comment on one of the
    institution's consultations."""
    if not freshness.enabled():
        return comments_awaiting_answer(institution_id)
    token = freshness.tokens(institution_id)[freshness.COMMENTS]
    key = f"workspace:{freshness.KEY_VERSION}:comments:{institution_id}:{token}"
    return remember(key, lambda: comments_awaiting_answer(institution_id))


@dataclass(frozen=True)
class OtherCounts:
    """Small queues read afresh on every request, each from its (institution, state) index."""

    proposals_owed_answer: int
    data_requests_pending: int
    moderation_waiting: int
    appeals_waiting: int
    consultations: int
    members: int


def _count_of(model, *conditions):
    return select(func.count()).select_from(model).where(
        model.institution_id == bindparam("institution_id"), *conditions).scalar_subquery()


# One statement of scalar subqueries instead of one round trip per figure, built once.
_OTHER_COUNTS = select(
    _count_of(Proposal, Proposal.state == ProposalState.AWAITING_ANSWER),
    _count_of(DataRequest, DataRequest.state.in_(PENDING_DATA_REQUEST_STATES)),
    _count_of(ModerationItem,
              ModerationItem.review.in_([ReviewState.PENDING, ReviewState.FLAGGED])),
    _count_of(ModerationItem, ModerationItem.review == ReviewState.APPEALED),
    _count_of(Consultation),
    select(func.count(func.distinct(Membership.user_id)))
    .where(Membership.institution_id == bindparam("institution_id")).scalar_subquery(),
)


def other_counts(institution_id: int) -> OtherCounts:
    row = db.session.execute(_OTHER_COUNTS, {"institution_id": institution_id}).one()
    return OtherCounts(*(value or 0 for value in row))
