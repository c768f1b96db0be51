"""Requests for open data: asked by a signed-in citizen, supported by others, answered by the
institution within 30 business days (published, planned for a date, or refused).

On time: a request counts as answered on time when it has an answer, every answer came by
the date owed then, and a planned publication is not past its date. The date owed is 30
business days after the request (weekends and the national holidays do not count: see
participa.cases.holiday_calendar) and, once the institution plans the publication, the
planned date.
"""
from __future__ import annotations

import difflib
import unicodedata
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participa.cases.businessdays import due_date, local_date
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.institution_names import institution_label
from participa.models import (DataRequest, DataRequestAnswer, DataRequestState,
                              DataRequestSupport, Institution, User)
from participa.models.audit import record
from participa.models.cases import DEFAULT_DEADLINE_DAYS
from participa.models.observatory import (PENDING_DATA_REQUEST_STATES, data_request_due,
                                          data_request_on_time)
from participa.observatory.links import is_public_link
from participa.timeutil import utcnow

ANSWER_DAYS = DEFAULT_DEADLINE_DAYS
# Titles equal after folding case, accents and punctuation are the same request; so are
# titles of at least SIMILAR_MIN_LENGTH characters at least this similar (0–1): a typo.
SIMILAR_TITLE = 0.9
SIMILAR_MIN_LENGTH = 15
PER_PAGE = 20


class DuplicateRequest(Conflict):
    """An open request of the same institution asks for the same data: support it instead."""

    def __init__(self, existing: DataRequest):
        super().__init__(_l("%(institution)s already has an open request for these data: "
                            "“%(title)s”. Support it instead of asking again.",
                            institution=existing.institution.acronym, title=existing.title),
                         field="title")
        self.existing = existing


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters).split())


def similar_titles(first: str, second: str) -> bool:
    a, b = _fold(first), _fold(second)
    if a == b:
        return True
    return min(len(a), len(b)) >= SIMILAR_MIN_LENGTH \
        and difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_TITLE


def active_institution(acronym: str | None) -> Institution:
    institution = db.session.scalar(select(Institution).where(
        Institution.acronym == (acronym or "").strip().upper())) if acronym else None
    if institution is None:
        raise NotFound(_l("Choose an institution from the list."), field="institution")
    if not institution.active:
        raise Conflict(_l("%(the_institution)s does not take requests on Participa at the "
                          "moment.", the_institution=institution_label(institution, "The",
                                                                       short=True)), field="institution")
    return institution


def active_institutions() -> list[Institution]:
    return list(db.session.scalars(select(Institution).where(Institution.active.is_(True))
                                   .order_by(Institution.name)))


def find_duplicate(institution: Institution, title: str) -> DataRequest | None:
    candidates = db.session.scalars(select(DataRequest).where(
        DataRequest.institution_id == institution.id,
        DataRequest.state.in_(PENDING_DATA_REQUEST_STATES)).order_by(DataRequest.id))
    return next((r for r in candidates if similar_titles(r.title, title)), None)


def ask(author: User, institution: Institution, *, title: str, description: str,
        purpose: str, format_wanted: str = "", now: datetime | None = None) -> DataRequest:
    now = now or utcnow()
    if not institution.active:
        raise Conflict(_l("%(the_institution)s does not take requests on Participa at the "
                          "moment.", the_institution=institution_label(institution, "The",
                                                                       short=True)), field="institution")
    title, description, purpose = title.strip(), description.strip(), purpose.strip()
    if not title or not description or not purpose:
        raise DomainError(_l("Give the title, the description and what the data are for."))
    existing = find_duplicate(institution, title)
    if existing is not None:
        raise DuplicateRequest(existing)
    request = DataRequest(institution=institution, author=author, title=title,
                          description=description, purpose=purpose,
                          format_wanted=(format_wanted or "").strip(), created_at=now,
                          due_on=due_date(local_date(now), ANSWER_DAYS))
    db.session.add(request)
    db.session.flush()
    return request


def get(request_id: int) -> DataRequest:
    request = db.session.get(DataRequest, request_id)
    if request is None:
        raise NotFound(_l("This request does not exist."))
    return request


def support_count(request: DataRequest) -> int:
    return db.session.scalar(select(func.count(DataRequestSupport.id)).where(
        DataRequestSupport.request_id == request.id)) or 0


def has_supported(user, request: DataRequest) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(DataRequestSupport.id).where(
        DataRequestSupport.request_id == request.id,
        DataRequestSupport.user_id == user.id)) is not None


def support(user: User, request: DataRequest, now: datetime | None = None) -> None:
    """Each person supports a request once; its author already asks for it."""
    if not request.is_pending:
        raise Conflict(_l("This request has its final answer and no longer takes supports."))
    if request.author_id == user.id:
        raise Conflict(_l("You made this request: it already counts as yours."))
    message = _l("You already support this request. Each person supports it once.")
    if has_supported(user, request):
        raise Conflict(message)
    try:
        with db.session.begin_nested():
            db.session.add(DataRequestSupport(request=request, user_id=user.id,
                                              created_at=now or utcnow()))
    except IntegrityError:
        raise Conflict(message)


def answer(official: User, request: DataRequest, *, outcome: DataRequestState,
           url: str = "", planned_on: date | None = None, reason: str = "",
           now: datetime | None = None) -> DataRequestAnswer:
    """Publish (with the link), plan (with the date, which becomes the date owed) or refuse
    (with the legal reason). The caller has checked that `official` acts for the
    institution; this checks it again."""
    from participa import authz

    if not authz.can_act_for(official, request.institution):
        raise Forbidden(_l("Only the staff of %(of_institution)s can answer this request.",
                           of_institution=institution_label(request.institution, "of",
                                                            short=True)))
    now = now or utcnow()
    today = local_date(now)
    if not request.is_pending:
        raise Conflict(_l("This request already has its final answer."))
    url, reason = (url or "").strip(), (reason or "").strip()
    if outcome == DataRequestState.PUBLISHED:
        if not is_public_link(url):
            raise DomainError(_l("Give the address where the data set is published: a link "
                                 "that starts with http:// or https://."), field="url")
    elif outcome == DataRequestState.PLANNED:
        if request.state == DataRequestState.PLANNED:
            raise Conflict(_l("The publication is already planned: publish the data set or "
                              "refuse the request."), field="outcome")
        if planned_on is None:
            raise DomainError(_l("Give the date by which the data set will be published."),
                              field="planned_on")
        if planned_on <= today:
            raise DomainError(_l("The planned date must be after today."), field="planned_on")
    elif outcome == DataRequestState.REFUSED:
        if not reason:
            raise DomainError(_l("Give the legal reason for refusing, for example the norm "
                                 "that classifies the information as reserved."),
                              field="reason")
    else:
        raise DomainError(_l("Choose the answer."), field="outcome")
    entry = DataRequestAnswer(
        request=request, official_id=official.id, outcome=outcome, at=now,
        due_on=request.due_on, on_time=today <= request.due_on,
        url=url if outcome == DataRequestState.PUBLISHED else None,
        planned_on=planned_on if outcome == DataRequestState.PLANNED else None, reason=reason)
    db.session.add(entry)
    request.state = outcome
    request.first_answer_at = request.first_answer_at or now
    request.late = request.late or not entry.on_time
    if outcome == DataRequestState.PLANNED:
        request.due_on = planned_on
    record("data_request.answered", actor=official, institution=request.institution,
           target=request, outcome=outcome.value, on_time=entry.on_time)
    db.session.flush()
    return entry


on_time_condition = data_request_on_time
due_condition = data_request_due


def is_on_time(request: DataRequest, today: date) -> bool:
    return (request.first_answer_at is not None and not request.late
            and not (request.state == DataRequestState.PLANNED and request.due_on < today))


def lateness(request: DataRequest, today: date) -> str:
    """'late' (an answer came late or the date owed has passed), 'on_time' or 'waiting'."""
    if request.late or request.is_overdue(today):
        return "late"
    return "on_time" if request.first_answer_at is not None else "waiting"


def list_requests(*, institution: Institution | None = None,
                  state: DataRequestState | None = None, page: int = 1):
    query = select(DataRequest).order_by(DataRequest.created_at.desc(), DataRequest.id.desc())
    if institution is not None:
        query = query.where(DataRequest.institution_id == institution.id)
    if state is not None:
        query = query.where(DataRequest.state == state)
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False, count=True)


def support_counts(requests) -> dict[int, int]:
    """Supports per request id, for a page of requests, in one query."""
    ids = [r.id for r in requests]
    if not ids:
        return {}
    return dict(db.session.execute(
        select(DataRequestSupport.request_id, func.count(DataRequestSupport.id))
        .where(DataRequestSupport.request_id.in_(ids))
        .group_by(DataRequestSupport.request_id)).all())
