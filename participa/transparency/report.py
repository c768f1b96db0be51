"""The annual LOTAIP report of an institution: every information request received in the
year, what was done with it and how long it took, the totals, and the index of reserved
information. It is read from the cases and their history, never typed in.

Days are calendar days, as the law's term (participa.cases.terms): from the day the request
was received to the day of the first answer (a refusal is an answer that names its ground).
A request is late when that answer came after its due date (the extension included), or when
it is still unanswered after it.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from participa.cases.businessdays import LOCAL_ZONE, holidays_between, local_date
from participa.extensions import db
from participa.models import (Case, CaseState, CaseType, Institution, LotaipReportSubmission,
                              RefusalGround, ReservedClassification)
from participa.transparency.caching import kept
from participa.transparency.classifications import index_for_year


class Outcome(enum.Enum):
    GRANTED = "granted"
    REFUSED = "refused"
    OUT_OF_SCOPE = "out_of_scope"
    PENDING = "pending"


OUTCOME_LABELS = {
    Outcome.GRANTED: _l("Information given"),
    Outcome.REFUSED: _l("Refused with a legal ground"),
    Outcome.OUT_OF_SCOPE: _l("Rejected as out of scope"),
    Outcome.PENDING: _l("Not answered yet"),
}


@dataclass
class Line:
    code: str
    received_on: date
    answered_on: date | None
    days_taken: int | None
    extended: bool
    outcome: Outcome
    ground: RefusalGround | None
    resolution_number: str | None
    due_on: date | None
    late: bool


@dataclass
class Totals:
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    extended: int = 0
    granted: int = 0
    refused: int = 0
    refused_reserved: int = 0
    refused_confidential: int = 0
    out_of_scope: int = 0
    pending: int = 0
    average_days: float | None = None


@dataclass
class AnnualReport:
    institution: Institution
    year: int
    lines: list[Line]
    totals: Totals
    classifications: list[ReservedClassification]
    submission: LotaipReportSubmission | None
    due_on: date = field(default=None)


def report_due_on(year: int) -> date:
    """The last working day of January after `year`: the day the report is due."""
    day = date(year + 1, 1, 31)
    days_off = holidays_between(date(year + 1, 1, 1), day)
    while day.weekday() >= 5 or day in days_off:
        day -= timedelta(days=1)
    return day


def _year_bounds(year: int):
    """The UTC instants that enclose the local year (Ecuador is UTC-5, no summer time)."""
    return datetime(year, 1, 1, 5), datetime(year + 1, 1, 1, 5)


class _LocalDays:
    """local_date of many instants of the same year, each UTC hour converted once (a
    time-zone conversion per instant is most of the cost of a thousand lines). Exact: the
    offset is a whole number of hours (America/Guayaquil: -5, no summer time), so every
    instant of a UTC hour falls on the same local day; otherwise each is converted."""

    def __init__(self):
        self._days: dict[datetime, date] = {}

    def __call__(self, moment: datetime) -> date:
        hour = moment.replace(minute=0, second=0, microsecond=0)
        day = self._days.get(hour)
        if day is None:
            offset = hour.replace(tzinfo=timezone.utc).astimezone(LOCAL_ZONE).utcoffset()
            if offset % timedelta(hours=1):
                return local_date(moment)
            day = self._days[hour] = local_date(hour)
        return day


def _line(row, today: date, local_day=local_date) -> Line:
    (code, created_at, first_response_at, refusal_ground, state, was_answered, due,
     extended_at, resolution_number) = row
    received = local_day(created_at)
    answered = local_day(first_response_at) if first_response_at else None
    if answered is None:
        outcome = Outcome.PENDING
    elif refusal_ground is not None:
        outcome = Outcome.REFUSED
    elif state == CaseState.REJECTED or not was_answered:
        outcome = Outcome.OUT_OF_SCOPE
    else:
        outcome = Outcome.GRANTED
    if answered is not None:
        late = due is not None and answered > due
    else:
        late = due is not None and today > due
    return Line(code=code, received_on=received, answered_on=answered,
                days_taken=(answered - received).days if answered else None,
                extended=extended_at is not None, outcome=outcome, ground=refusal_ground,
                resolution_number=resolution_number,
                due_on=due, late=late)


def totals_of(lines: list[Line]) -> Totals:
    totals = Totals(received=len(lines))
    days = [line.days_taken for line in lines if line.days_taken is not None]
    for line in lines:
        totals.extended += line.extended
        totals.late += line.late
        if line.outcome == Outcome.PENDING:
            totals.pending += 1
            continue
        totals.answered += 1
        totals.on_time += not line.late
        if line.outcome == Outcome.GRANTED:
            totals.granted += 1
        elif line.outcome == Outcome.OUT_OF_SCOPE:
            totals.out_of_scope += 1
        else:
            totals.refused += 1
            totals.refused_reserved += line.ground == RefusalGround.RESERVED
            totals.refused_confidential += line.ground == RefusalGround.CONFIDENTIAL
    totals.average_days = round(sum(days) / len(days), 1) if days else None
    return totals


def request_lines(institution_id: int, year: int, today: date) -> tuple[list[Line], Totals]:
    """The lines and totals of the institution's requests received in `year`: the columns
    they need in one query (not a thousand ORM objects and their classifications)."""
    start, end = _year_bounds(year)
    rows = db.session.execute(
        select(Case.code, Case.created_at, Case.first_response_at, Case.refusal_ground,
               Case.state, Case.was_answered, Case.due_on, Case.extended_at,
               ReservedClassification.resolution_number)
        .outerjoin(ReservedClassification, ReservedClassification.id == Case.classification_id)
        .where(Case.institution_id == institution_id,
               Case.type == CaseType.INFORMATION_REQUEST,
               Case.created_at >= start, Case.created_at < end)
        .order_by(Case.created_at, Case.id))
    local_day = _LocalDays()
    lines = [_line(row, today, local_day) for row in rows]
    return lines, totals_of(lines)


def annual_report(institution: Institution, year: int, today: date) -> AnnualReport:
    lines, totals = kept("lines", institution.id, year, today,
                         lambda: request_lines(institution.id, year, today))
    submission = db.session.scalar(select(LotaipReportSubmission).where(
        LotaipReportSubmission.institution_id == institution.id,
        LotaipReportSubmission.year == year))
    return AnnualReport(institution=institution, year=year, lines=lines, totals=totals,
                        classifications=index_for_year(institution, year),
                        submission=submission, due_on=report_due_on(year))


class Status(enum.Enum):
    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted_late"
    MISSING = "missing"  # due and not submitted
    NOT_DUE = "not_due"


STATUS_LABELS = {
    Status.SUBMITTED: _l("Submitted on time"),
    Status.SUBMITTED_LATE: _l("Submitted late"),
    Status.MISSING: _l("Missing: the due date has passed"),
    Status.NOT_DUE: _l("Not submitted yet; not due"),
}


@dataclass
class OverviewRow:
    institution: Institution
    requests: int
    extended: int
    submitted_on: date | None
    status: Status


def status_of(submitted_on: date | None, due_on: date, today: date) -> Status:
    if submitted_on is not None:
        return Status.SUBMITTED if submitted_on <= due_on else Status.SUBMITTED_LATE
    return Status.MISSING if today > due_on else Status.NOT_DUE


def request_counts(year: int) -> dict[int, tuple[int, int]]:
    """Each institution's count of information requests received in `year` and of those
    extended: an aggregate over the year's cases of the whole country, kept while no case
    changes (participa.transparency.caching)."""
    start, end = _year_bounds(year)

    def count() -> dict[int, tuple[int, int]]:
        rows = db.session.execute(
            select(Case.institution_id, func.count(Case.id), func.count(Case.extended_at))
            .where(Case.type == CaseType.INFORMATION_REQUEST, Case.created_at >= start,
                   Case.created_at < end).group_by(Case.institution_id))
        return {institution_id: (requests, extended)
                for institution_id, requests, extended in rows}

    # Not per institution and not per day: counted whatever today is.
    return kept("counts", 0, year, date.min, count)


def submissions_of(year: int) -> dict[int, date]:
    """The day each institution's report for `year` was submitted (not a case: read live)."""
    return dict(db.session.execute(select(LotaipReportSubmission.institution_id,
                                          LotaipReportSubmission.submitted_on)
                                   .where(LotaipReportSubmission.year == year)).all())


def overview(year: int, today: date,
             submitted: dict[int, date] | None = None) -> tuple[date, list[OverviewRow]]:
    """Every active institution's report for `year`: submitted, late or missing, with its
    count of information requests and extensions."""
    due = report_due_on(year)
    counts = request_counts(year)
    if submitted is None:
        submitted = submissions_of(year)
    institutions = db.session.scalars(select(Institution).where(Institution.active.is_(True))
                                      .order_by(Institution.name))
    rows = []
    for institution in institutions:
        requests, extended = counts.get(institution.id, (0, 0))
        on = submitted.get(institution.id)
        rows.append(OverviewRow(institution=institution, requests=requests, extended=extended,
                                submitted_on=on, status=status_of(on, due, today)))
    return due, rows
