"""The dashboard's figures from the database: SQL aggregates over the cases (the statistics
columns their events keep up to date, see participa.cases.facts), and the counts that feed
the scores. A handful of grouped queries per page, never one per row.

Period rule: a case belongs to the period in which it was created (imported cases: their
historical filing time); its figures are its state and times as of now. A transferred case
counts for the institution that holds it now; the transfer counts for the one that sent it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, select, true
from sqlalchemy import case as sql_case

from participa.cases.businessdays import local_date
from participa.dashboard.statistics import Figures, Period
from participa.extensions import db
from participa.models import (Case, CaseCategory, Channel, CaseEvent, CaseState, CaseType, Comment,
                              Consultation, Decision, Document, EventKind, Institution,
                              ModerationState, Proposal, ProposalAnswer, Section)
from participa.models.cases import OPEN_STATES
from participa.models.observatory import (DataRequest, data_request_due, data_request_on_time,
                                          data_request_planned_past_term)
from participa.scores import SATISFACTORY_RATING, ScoreInputs
from participa.timeutil import utcnow

SETTLED = (CaseState.RESOLVED, CaseState.CLOSED)


@dataclass
class InstitutionRow:
    id: int
    acronym: str
    name: str
    active: bool
    article: str = ""  # Spanish article of the name (participa.institution_names)


def institutions() -> list[InstitutionRow]:
    return [InstitutionRow(*row) for row in db.session.execute(
        select(Institution.id, Institution.acronym, Institution.name, Institution.active,
               Institution.article)
        .order_by(Institution.acronym))]


def _count_if(condition):
    return func.coalesce(func.sum(sql_case((condition, 1), else_=0)), 0)


def _in_period(period: Period, institution_id: int | None):
    conditions = [Case.created_at >= period.since, Case.created_at < period.until]
    if institution_id is not None:
        conditions.append(Case.institution_id == institution_id)
    return and_(*conditions)


def counts(period: Period, today: date, key, institution_id: int | None = None) -> dict:
    """The additive counts of the period's cases grouped by `key` (a column of Case, or a
    tuple of columns: then the keys are tuples), from the statistics columns each case keeps
    (participa.cases.facts): no event is read."""
    keys = key if isinstance(key, tuple) else (key,)
    is_open = Case.state.in_(OPEN_STATES)
    information = Case.type == CaseType.INFORMATION_REQUEST
    on_time = Case.responded_on_time.is_(True)
    # Answered, or past due without a first response (then late): pending cases within their
    # term are left out of the on-time shares.
    due = Case.response_days.is_not(None) | (Case.due_on < today)
    rows = db.session.execute(
        select(*keys, func.count(Case.id), _count_if(Case.was_answered.is_(True)),
               _count_if(Case.state.in_(SETTLED)), _count_if(Case.state == CaseState.REJECTED),
               _count_if(is_open), _count_if(is_open & (Case.due_on < today)),
               _count_if(Case.reopen_count > 0), func.count(Case.response_days),
               _count_if(due), _count_if(on_time), func.count(Case.rating),
               func.coalesce(func.sum(Case.rating), 0),
               _count_if(Case.rating >= SATISFACTORY_RATING), _count_if(information),
               _count_if(information & due), _count_if(information & on_time))
        .where(_in_period(period, institution_id))
        .group_by(*keys))
    result = {}
    width = len(keys)
    for row in rows:
        (received, answered, resolved, rejected, open_, overdue, reopened, responded, due_,
         on_time_, rated, rating_sum, satisfactory, information_requests, information_due,
         information_on_time) = row[width:]
        result[tuple(row[:width]) if width > 1 else row[0]] = Figures(received=received, answered=answered, resolved=resolved,
                                 rejected=rejected, open=open_, overdue=overdue,
                                 reopened=reopened, responded=responded, due=due_,
                                 on_time=on_time_, rated=rated, rating_sum=rating_sum,
                                 satisfactory=satisfactory,
                                 information_requests=information_requests,
                                 information_due=information_due,
                                 information_on_time=information_on_time)
    return result


def transfers(period: Period, institution_id: int | None = None) -> dict[int, int]:
    """Transfers of the period's cases, by the institution that sent them."""
    # EXISTS rather than a join: the database starts from the few transfer events (by the
    # kind index) instead of every case of the period.
    of_period = exists().where(Case.id == CaseEvent.case_id, Case.created_at >= period.since,
                               Case.created_at < period.until)
    query = (select(CaseEvent.institution_id, func.count(CaseEvent.id))
             .where(CaseEvent.kind == EventKind.TRANSFERRED, of_period)
             .group_by(CaseEvent.institution_id))
    if institution_id is not None:
        query = query.where(CaseEvent.institution_id == institution_id)
    return dict(db.session.execute(query).all())


def _histograms(period: Period, institution_id: int | None, days, condition) -> dict:
    """{institution id: Counter({business days: cases})} of the period's cases."""
    result: dict[int, Counter] = defaultdict(Counter)
    for institution, value, count in db.session.execute(
            select(Case.institution_id, days, func.count(Case.id))
            .where(_in_period(period, institution_id), days.is_not(None), condition)
            .group_by(Case.institution_id, days)):
        result[institution][value] = count
    return result


def months(period: Period, institution_id: int | None = None) -> dict:
    """{(year, month): Figures with received, answered and resolved} by month of filing."""
    result = {}
    for month, received, answered, resolved in db.session.execute(
            select(Case.filed_month, func.count(Case.id),
                   _count_if(Case.was_answered.is_(True)), _count_if(Case.state.in_(SETTLED)))
            .where(_in_period(period, institution_id))
            .group_by(Case.filed_month).order_by(Case.filed_month)):
        result[divmod(month, 100)] = Figures(received=received, answered=answered,
                                             resolved=resolved)
    return result


def case_figures(period: Period, today: date, institution_id: int | None = None,
                 by_institution: dict | None = None) -> dict:
    """Figures per institution id: counts, transfers and the histograms of durations, in a
    few grouped queries (the result is the same size whatever the number of cases); the
    counts by institution are `by_institution` when the caller has them already."""
    figures = (counts(period, today, Case.institution_id, institution_id)
               if by_institution is None else by_institution)
    for sender, count in transfers(period, institution_id).items():
        figures.setdefault(sender, Figures()).transferred += count
    for institution, histogram in _histograms(period, institution_id, Case.response_days,
                                              true()).items():
        figures.setdefault(institution, Figures()).first_response_histogram = histogram
    for institution, histogram in _histograms(period, institution_id, Case.resolution_days,
                                              Case.state.in_(SETTLED)).items():
        figures.setdefault(institution, Figures()).resolution_histogram = histogram
    return figures


def counts_by_institution_and_type(period: Period, today: date
                                   ) -> tuple[dict[int, Figures], dict[CaseType, Figures]]:
    """The counts by institution and by case type from one grouped query (for a few days
    of cases: one pass over them instead of one per grouping)."""
    by_institution: dict[int, Figures] = {}
    by_type: dict[CaseType, Figures] = {}
    for (institution, kind), figures in counts(period, today,
                                               (Case.institution_id, Case.type)).items():
        by_institution.setdefault(institution, Figures()).add(figures)
        by_type.setdefault(kind, Figures()).add(figures)
    return by_institution, by_type


def national(figures: dict) -> Figures:
    total = Figures()
    for entry in figures.values():
        total.add(entry)
    return total


def breakdown(period: Period, today: date, by: str,
              institution_id: int | None = None) -> list[tuple]:
    """Counts by case type ((CaseType, Figures) in the types' order), by channel or by category
    ((name or None, Figures) by name, cases without a category last)."""
    if by == "type":
        by_type = counts(period, today, Case.type, institution_id)
        return [(kind, by_type[kind]) for kind in CaseType if kind in by_type]
    if by == "channel":  # online or assisted (participa.models.assisted.Channel)
        by_channel = counts(period, today, Case.channel, institution_id)
        return [(channel, by_channel[channel]) for channel in Channel if channel in by_channel]
    by_id = counts(period, today, Case.category_id, institution_id)
    names = dict(db.session.execute(select(CaseCategory.id, CaseCategory.name).where(
        CaseCategory.id.in_([key for key in by_id if key is not None]))).all())
    return sorted(((names.get(key), value) for key, value in by_id.items()),
                  key=lambda item: (item[0] is None, (item[0] or "").lower()))


def score_inputs(period: Period, figures: dict) -> dict[int, ScoreInputs]:
    """The scores' inputs per institution id: the case figures already computed, and
    consultations and proposals from a few aggregates."""
    now = utcnow()
    inputs: dict[int, ScoreInputs] = defaultdict(ScoreInputs)
    for institution, entry in figures.items():
        item = inputs[institution]
        item.cases_received, item.cases_answered_on_time = entry.received, entry.on_time
        item.cases_due_or_answered = entry.due
        item.cases_resolved = entry.resolved
        item.ratings, item.satisfactory_ratings = entry.rated, entry.satisfactory
        item.information_requests = entry.information_requests
        item.information_requests_on_time = entry.information_on_time
        item.information_requests_due_or_answered = entry.information_due

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
    public = Comment.moderation == ModerationState.PUBLISHED
    answered_comment = Comment.answered_at.is_not(None)
    for (institution, comments, answered, public_comments, public_answered, assessed,
         incorporated, partly) in db.session.execute(
            select(Consultation.institution_id, func.count(Comment.id),
                   _count_if(answered_comment), _count_if(public),
                   _count_if(public & answered_comment),
                   _count_if(Comment.outcome.is_not(None)),
                   _count_if(Comment.outcome == Decision.INCORPORATED),
                   _count_if(Comment.outcome == Decision.PARTLY))
            .join(Consultation, Consultation.id == Comment.consultation_id)
            .where(held, citizen).group_by(Consultation.institution_id)):
        item = inputs[institution]
        item.comments, item.comments_answered = comments, answered
        item.public_comments, item.public_comments_answered = public_comments, public_answered
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

    today = local_date(now)
    answered_or_due = ProposalAnswer.id.is_not(None) | (Proposal.answer_due_on < today)
    for institution, due, on_time, due_or_answered in db.session.execute(
            select(Proposal.institution_id, func.count(Proposal.id),
                   _count_if(ProposalAnswer.is_late.is_(False)), _count_if(answered_or_due))
            .outerjoin(ProposalAnswer, ProposalAnswer.proposal_id == Proposal.id)
            .where(Proposal.threshold_reached_at >= period.since,
                   Proposal.threshold_reached_at < period.until)
            .group_by(Proposal.institution_id)):
        item = inputs[institution]
        item.proposals_due, item.proposals_answered_on_time = due, on_time
        item.proposals_due_or_answered = due_or_answered

    on_time = data_request_on_time(today)
    planned_past_term = data_request_planned_past_term()
    for institution, due, on_time_, within_term in db.session.execute(
            select(DataRequest.institution_id, func.count(DataRequest.id),
                   _count_if(on_time), _count_if(on_time & ~planned_past_term))
            .where(DataRequest.created_at >= period.since, DataRequest.created_at < period.until,
                   data_request_due(today))
            .group_by(DataRequest.institution_id)):
        item = inputs[institution]
        item.data_requests, item.data_requests_on_time = due, on_time_
        item.data_requests_on_time_within_term = within_term
    return dict(inputs)


def channels_by_institution(period: Period) -> list[tuple]:
    """(institution id, Channel, cases received, answered, resolved or closed) of the
    period's cases, in one aggregate."""
    return db.session.execute(
        select(Case.institution_id, Case.channel, func.count(Case.id),
               _count_if(Case.was_answered.is_(True)), _count_if(Case.state.in_(SETTLED)))
        .where(_in_period(period, None))
        .group_by(Case.institution_id, Case.channel)
        .order_by(Case.institution_id, Case.channel)).all()
