"""Asking the citizen for more information, and what it does to the institution's term.

Código Orgánico Administrativo (COA):
- art. 140: when a petition lacks something, the administration asks the person to complete
  it within a term of ten days; if they do not, the petition may be taken as withdrawn.
- art. 162, num. 1: the terms of the procedure are suspended while the person is asked to
  correct deficiencies or provide documents or other information, for the time between the
  notification of the request and its fulfilment or, failing that, the end of the term given.

So when an official asks, the case's due date moves at once as if the whole term given to the
citizen (CITIZEN_TERM_DAYS business days) were used; when the citizen answers earlier, it is
pulled back to count only the business days the question was actually pending. A term that had
already ended is not revived: an overdue case stays overdue.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from participa.cases.businessdays import business_days_between, due_date, local_date
from participa.cases.lifecycle import append_event
from participa.domain import Conflict, DomainError
from participa.models import Case, EventKind, User
from participa.models.audit import record
from participa.timeutil import utcnow

CITIZEN_TERM_DAYS = 10  # COA art. 140
LEGAL_BASIS = "COA, arts. 140 y 162.1"


def _remaining_days(asked_on: date, due_on: date | None) -> int | None:
    """Business days of the institution's term still to run when the question was asked;
    None when the term had already ended (or the case has no due date)."""
    if due_on is None or asked_on > due_on:
        return None
    from participa.cases.businessdays import holidays_between

    return business_days_between(asked_on, due_on, sorted(holidays_between(asked_on, due_on)))


def _resumed_due_on(case: Case, asked_on: date, resumes_on: date) -> date | None:
    remaining = _remaining_days(asked_on, case.due_on_before_request)
    if remaining is None:
        return case.due_on_before_request  # the term had ended: no suspension
    return due_date(resumes_on, remaining)


def suspends_term(case: Case) -> bool:
    """Whether the pending question suspends the term (it had not ended when asked)."""
    return case.awaits_citizen and _remaining_days(
        local_date(case.information_requested_at), case.due_on_before_request) is not None


def request_information(actor: User, case: Case, question: str, now: datetime | None = None):
    """The institution asks the citizen a question; it shows on the case and is mailed."""
    now = now or utcnow()
    if not case.is_open:
        raise Conflict(_l("This case is no longer open, so this cannot be done."))
    if case.awaits_citizen:
        raise Conflict(_l("The citizen has not answered the previous question yet."),
                       field="question")
    if not (question or "").strip():
        raise DomainError(_l("Write the question for the citizen."), field="question")
    asked_on = local_date(now)
    answer_by = due_date(asked_on, CITIZEN_TERM_DAYS)
    case.due_on_before_request = case.due_on
    case.information_requested_at = now
    case.information_due_on = answer_by
    case.due_on = _resumed_due_on(case, asked_on, answer_by)
    if case.assignee_id is None:
        case.assignee = actor
    record("case.information_requested", actor=actor, institution=case.institution,
           target=case, at=now, answer_by=answer_by.isoformat())
    return append_event(case, EventKind.INFORMATION_REQUESTED, actor, note=question.strip(),
                        at=now)


def provide_information(actor: User | None, case: Case, reply: str,
                        now: datetime | None = None):
    """The citizen answers the pending question; the institution's term runs again."""
    now = now or utcnow()
    if not case.awaits_citizen:
        raise Conflict(_l("There is no question waiting for your answer."))
    if not (reply or "").strip():
        raise DomainError(_l("Write your answer to the institution's question."),
                          field="reply")
    asked_on = local_date(case.information_requested_at)
    resumes_on = min(local_date(now), case.information_due_on)
    case.due_on = _resumed_due_on(case, asked_on, resumes_on)
    clear(case)
    return append_event(case, EventKind.INFORMATION_PROVIDED, actor, note=reply.strip(), at=now)


def clear(case: Case) -> None:
    """No question pending any more (answered by the citizen, or the case was settled)."""
    case.information_requested_at = None
    case.information_due_on = None
    case.due_on_before_request = None


def pending_question(case: Case):
    """The event that asked the pending question, or None."""
    if not case.awaits_citizen:
        return None
    return next((e for e in reversed(case.events)
                 if e.kind == EventKind.INFORMATION_REQUESTED), None)
