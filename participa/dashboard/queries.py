"""The dashboard's figures from the database: SQL aggregates over the case events, and the
counts that feed the scores. A handful of queries per page, never one per row.

Period rule: a case belongs to the period in which it was created (imported cases: their
historical filing time); its figures are its state and times as of now. A transferred case
counts for the institution that holds it now; the transfer counts for the one that sent it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy import case as sql_case

from participa.cases.businessdays import holidays_between, local_date
from participa.dashboard.statistics import Figures, Period, business_days_between
from participa.extensions import db
from participa.models import (Case, CaseCategory, CaseEvent, CaseState, CaseType, Comment,
                              Consultation, Decision, Document, EventKind, Institution,
                              Proposal, ProposalAnswer, Section)
from participa.models.cases import DEFAULT_DEADLINE_DAYS, OPEN_STATES
from participa.models.observatory import DataRequest, data_request_due, data_request_on_time
from participa.scores import SATISFACTORY_RATING, ScoreInputs
from participa.timeutil import utcnow

SETTLED = (CaseState.RESOLVED, CaseState.CLOSED)


@dataclass
class InstitutionRow:
    id: int
    acronym: str
    name: str
    active: bool


def institutions() -> list[InstitutionRow]:
    return [InstitutionRow(*row) for row in db.session.execute(
        select(Institution.id, Institution.acronym, Institution.name, Institution.active)
        .order_by(Institution.acronym))]


def _count_if(condition):
    return func.coalesce(func.sum(sql_case((condition, 1), else_=0)), 0)


def _in_period(period: Period, institution_id: int | None):
    conditions = [Case.created_at >= period.since, Case.created_at < period.until]
    if institution_id is not None:
        conditions.append(Case.institution_id == institution_id)
    return and_(*conditions)


def _per_case(period: Period, institution_id: int | None):
    """One row per case of the period with what its events say: first response, settling,
    answered and reopened."""
    return (
        select(CaseEvent.case_id.label("case_id"),
               func.min(sql_case((CaseEvent.kind.in_([EventKind.ANSWERED, EventKind.REJECTED]),
                                  CaseEvent.at))).label("first_response_at"),
               func.max(sql_case((CaseEvent.state_after.in_(SETTLED), CaseEvent.at)))
               .label("settled_at"),
               func.max(sql_case((CaseEvent.kind == EventKind.ANSWERED, 1), else_=0))
               .label("answered"),
               func.max(sql_case((CaseEvent.kind == EventKind.REOPENED, 1), else_=0))
               .label("reopened"))
        .join(Case, Case.id == CaseEvent.case_id)
        .where(_in_period(period, institution_id))
        .group_by(CaseEvent.case_id)
        .subquery())


def counts(period: Period, today: date, key, institution_id: int | None = None) -> dict:
    """The additive counts of the period's cases grouped by `key` (a column of Case)."""
    per_case = _per_case(period, institution_id)
    is_open = Case.state.in_(OPEN_STATES)
    rows = db.session.execute(
        select(key, func.count(Case.id), _count_if(per_case.c.answered == 1),
               _count_if(Case.state.in_(SETTLED)), _count_if(Case.state == CaseState.REJECTED),
               _count_if(is_open), _count_if(is_open & (Case.due_on < today)),
               _count_if(per_case.c.reopened == 1),
               _count_if(per_case.c.first_response_at.is_not(None)),
               func.count(Case.rating), func.coalesce(func.sum(Case.rating), 0),
               _count_if(Case.rating >= SATISFACTORY_RATING))
        .join(per_case, per_case.c.case_id == Case.id)
        .group_by(key))
    result = {}
    for row in rows:
        (received, answered, resolved, rejected, open_, overdue, reopened, responded, rated,
         rating_sum, satisfactory) = row[1:]
        result[row[0]] = Figures(received=received, answered=answered, resolved=resolved,
                                 rejected=rejected, open=open_, overdue=overdue,
                                 reopened=reopened, responded=responded, rated=rated,
                                 rating_sum=rating_sum, satisfactory=satisfactory)
    return result


def transfers(period: Period, institution_id: int | None = None) -> dict[int, int]:
    """Transfers of the period's cases, by the institution that sent them."""
    query = (select(CaseEvent.institution_id, func.count(CaseEvent.id))
             .join(Case, Case.id == CaseEvent.case_id)
             .where(CaseEvent.kind == EventKind.TRANSFERRED,
                    Case.created_at >= period.since, Case.created_at < period.until)
             .group_by(CaseEvent.institution_id))
    if institution_id is not None:
        query = query.where(CaseEvent.institution_id == institution_id)
    return dict(db.session.execute(query).all())


def case_figures(period: Period, today: date, institution_id: int | None = None):
    """Figures per institution id and per (year, month) of filing, local time.

    Counts come from SQL aggregates; business-day durations, the on-time test and the month
    split from one query of per-case times, sorted by institution."""
    figures = counts(period, today, Case.institution_id, institution_id)
    for sender, count in transfers(period, institution_id).items():
        figures.setdefault(sender, Figures()).transferred += count

    per_case = _per_case(period, institution_id)
    rows = db.session.execute(
        select(Case.institution_id, Case.created_at, Case.state, Case.type,
               per_case.c.first_response_at, per_case.c.settled_at, per_case.c.answered,
               func.coalesce(CaseCategory.deadline_days, DEFAULT_DEADLINE_DAYS))
        .join(per_case, per_case.c.case_id == Case.id)
        .outerjoin(CaseCategory, CaseCategory.id == Case.category_id)
        .order_by(Case.institution_id, Case.created_at)).all()
    holidays = sorted(holidays_between(period.first, max(today, period.last)))
    months: dict[tuple[int, int], Figures] = defaultdict(Figures)
    information = defaultdict(lambda: [0, 0])  # institution id -> [requests, on time]
    for institution, created, state, case_type, first_response, settled, answered, \
            deadline in rows:
        entry = figures.setdefault(institution, Figures())
        filed_on = local_date(created)
        month = months[(filed_on.year, filed_on.month)]
        month.received += 1
        month.answered += answered
        on_time = False
        if first_response is not None:
            days = business_days_between(filed_on, local_date(first_response), holidays)
            entry.days_to_first_response.append(days)
            on_time = days <= deadline
            entry.on_time += on_time
        if case_type == CaseType.INFORMATION_REQUEST:
            information[institution][0] += 1
            information[institution][1] += on_time
        if state in SETTLED and settled is not None:
            month.resolved += 1
            entry.days_to_resolution.append(
                business_days_between(filed_on, local_date(settled), holidays))
    return figures, dict(sorted(months.items())), information


def national(figures: dict) -> Figures:
    total = Figures()
    for entry in figures.values():
        total.add(entry)
    return total


def breakdown(period: Period, today: date, by: str,
              institution_id: int | None = None) -> list[tuple]:
    """Counts by case type ((CaseType, Figures) in the types' order) or by category
    ((name or None, Figures) by name, cases without a category last)."""
    if by == "type":
        by_type = counts(period, today, Case.type, institution_id)
        return [(kind, by_type[kind]) for kind in CaseType if kind in by_type]
    by_id = counts(period, today, Case.category_id, institution_id)
    names = dict(db.session.execute(select(CaseCategory.id, CaseCategory.name).where(
        CaseCategory.id.in_([key for key in by_id if key is not None]))).all())
    return sorted(((names.get(key), value) for key, value in by_id.items()),
                  key=lambda item: (item[0] is None, (item[0] or "").lower()))


def score_inputs(period: Period, figures: dict, information: dict) -> dict[int, ScoreInputs]:
    """The scores' inputs per institution id: the case figures already computed, and
    consultations and proposals from a few aggregates."""
    now = utcnow()
    inputs: dict[int, ScoreInputs] = defaultdict(ScoreInputs)
    for institution, entry in figures.items():
        item = inputs[institution]
        item.cases_received, item.cases_answered_on_time = entry.received, entry.on_time
        item.cases_resolved = entry.resolved
        item.ratings, item.satisfactory_ratings = entry.rated, entry.satisfactory
        item.information_requests, item.information_requests_on_time = information.get(
            institution, (0, 0))

    held = and_(Consultation.opens_at >= period.since, Consultation.opens_at < period.until,
                Consultation.opens_at <= now)
    has_documents = exists().where(Document.consultation_id == Consultation.id)
    for institution, held_count, documented, closed, outcome in db.session.execute(
            select(Consultation.institution_id, func.count(Consultation.id),
                   _count_if(has_documents), _count_if(Consultation.closes_at <= now),
                   _count_if(Consultation.outcome_published_at.is_not(None)))
            .where(held).group_by(Consultation.institution_id)):
        item = inputs[institution]
        item.consultations, item.consultations_with_documents = held_count, documented
        item.consultations_closed, item.consultations_with_outcome = closed, outcome

    citizen = and_(Comment.is_official.is_(False), Comment.deleted_at.is_(None))
    for institution, comments, answered, assessed, incorporated, partly in db.session.execute(
            select(Consultation.institution_id, func.count(Comment.id),
                   _count_if(Comment.answered_at.is_not(None)),
                   _count_if(Comment.outcome.is_not(None)),
                   _count_if(Comment.outcome == Decision.INCORPORATED),
                   _count_if(Comment.outcome == Decision.PARTLY))
            .join(Consultation, Consultation.id == Comment.consultation_id)
            .where(held, citizen).group_by(Consultation.institution_id)):
        item = inputs[institution]
        item.comments, item.comments_answered = comments, answered
        item.contributions_assessed += assessed
        item.contributions_incorporated += incorporated
        item.contributions_partly += partly
    for institution, assessed, incorporated, partly in db.session.execute(
            select(Consultation.institution_id, func.count(Section.id),
                   _count_if(Section.outcome == Decision.INCORPORATED),
                   _count_if(Section.outcome == Decision.PARTLY))
            .join(Consultation, Consultation.id == Section.consultation_id)
            .where(held, Section.outcome.is_not(None)).group_by(Consultation.institution_id)):
        item = inputs[institution]
        item.contributions_assessed += assessed
        item.contributions_incorporated += incorporated
        item.contributions_partly += partly

    for institution, due, on_time in db.session.execute(
            select(Proposal.institution_id, func.count(Proposal.id),
                   _count_if(ProposalAnswer.is_late.is_(False)))
            .outerjoin(ProposalAnswer, ProposalAnswer.proposal_id == Proposal.id)
            .where(Proposal.threshold_reached_at >= period.since,
                   Proposal.threshold_reached_at < period.until)
            .group_by(Proposal.institution_id)):
        item = inputs[institution]
        item.proposals_due, item.proposals_answered_on_time = due, on_time

    today = local_date(now)
    for institution, due, on_time in db.session.execute(
            select(DataRequest.institution_id, func.count(DataRequest.id),
                   _count_if(data_request_on_time(today)))
            .where(DataRequest.created_at >= period.since, DataRequest.created_at < period.until,
                   data_request_due(today))
            .group_by(DataRequest.institution_id)):
        item = inputs[institution]
        item.data_requests, item.data_requests_on_time = due, on_time
    return dict(inputs)
