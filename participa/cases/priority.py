"""Priority attention (Constitution of Ecuador, art. 35): older adults, people with
disabilities, pregnant women, children and adolescents, people deprived of liberty, people with
catastrophic or highly complex illnesses, victims of violence, of child mistreatment and of
disasters are attended first.

A case becomes priority when the person asks for it while filing, or when an official of the
case's institution marks it with the person's consent. Which group the person belongs to is
sensitive personal data (Ley Orgánica de Protección de Datos Personales, art. 26): it is stored
only with explicit consent, shown only to the case's institution and to the person, never in
public pages, Open311, the API, search or the published figures. The audit log records who
marked or unmarked a case and how consent was given, not the group.

A priority case is due by the institution's priority term (business days) when it sets one,
never later than the normal term.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa import authz
from participa.cases import terms
from participa.cases.businessdays import due_date, local_date
from participa.cases.lifecycle import append_event
from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.labels import PRIORITY_CONSENT_LABELS, PRIORITY_GROUP_LABELS
from participa.models import (Case, CaseCategory, CaseEvent, CasePriorityMark, CaseSettings,
                              EventKind, Institution, PriorityConsent, PriorityGroup, User)
from participa.models.audit import record
from participa.models.cases import DEFAULT_DEADLINE_DAYS, DEFAULT_REOPEN_DAYS, OPEN_STATES
from participa.timeutil import utcnow

OTHER_MAX_LENGTH = 120

GROUP_LABELS = PRIORITY_GROUP_LABELS
CONSENT_LABELS = PRIORITY_CONSENT_LABELS


@dataclass(frozen=True)
class PriorityRequest:
    """What a person (or an official on their behalf, with their consent) asks for."""

    group: PriorityGroup | None
    other: str = ""
    consent: bool = False
    how: PriorityConsent = PriorityConsent.ONLINE_FORM


def _checked(request: PriorityRequest) -> tuple[PriorityGroup, str | None]:
    """The group and the "other" text, or a DomainError: without consent nothing is kept."""
    if not request.consent:
        raise DomainError(_l("To ask for priority attention, give your consent to the "
                             "processing of these data. Without it they are not stored."),
                          field="priority_consent")
    if request.group not in GROUP_LABELS:
        raise DomainError(_l("Choose the group of priority attention."),
                          field="priority_group")
    other = (request.other or "").strip()
    if request.group == PriorityGroup.OTHER and not other:
        raise DomainError(_l("Describe the situation in a few words."), field="priority_other")
    if len(other) > OTHER_MAX_LENGTH:
        raise DomainError(_l("Use at most %(count)d characters.", count=OTHER_MAX_LENGTH),
                          field="priority_other")
    return request.group, (other if request.group == PriorityGroup.OTHER else None)


def priority_days(institution: Institution) -> int | None:
    settings = db.session.get(CaseSettings, institution.id)
    return settings.priority_days if settings is not None else None


def shorten(case: Case, start: date, normal_due: date) -> date:
    """The due date of `case`, received on `start`, whose normal due date is `normal_due`:
    the institution's priority term when the case is priority and it gives an earlier day."""
    if not case.priority:
        return normal_due
    institution = case.institution or db.session.get(Institution, case.institution_id)
    days = priority_days(institution)
    if days is None:
        return normal_due
    return min(normal_due, due_date(start, days))


def _due_from_filing(case: Case) -> date:
    start = local_date(case.created_at)
    category_days = case.category.deadline_days if case.category is not None else None
    return shorten(case, start, terms.due_on(case.type, start, category_days))


def _set(case: Case, group: PriorityGroup, other: str | None, how: PriorityConsent,
         now: datetime) -> None:
    case.priority = True
    case.priority_group = group
    case.priority_other = other
    case.priority_consent = how
    case.priority_consent_at = now


def apply_on_filing(case: Case, request: PriorityRequest | None, actor: User | None,
                    now: datetime) -> None:
    """Called by the filing service once the case is built: a request with consent makes the
    case priority and shortens its due date; no request changes nothing."""
    if request is None:
        return
    group, other = _checked(request)
    _set(case, group, other, request.how, now)
    case.due_on = shorten(case, local_date(now), case.due_on)
    db.session.add(CasePriorityMark(case=case, at=now, actor_id=getattr(actor, "id", None),
                                    marked=True, consent=request.how, due_on=case.due_on))


def _require_handler(actor: User, case: Case) -> None:
    if not authz.can_handle_cases(actor, case.institution):
        raise Forbidden(_l("Only the officials of the case's institution can do this."))


def mark(actor: User, case: Case, request: PriorityRequest,
         now: datetime | None = None) -> CaseEvent:
    """An official of the case's institution marks it as priority, with the person's consent
    as they gave it (in person, by phone, in writing): the due date is computed again from
    the filing date with the priority term, and the history and the audit log record it."""
    _require_handler(actor, case)
    if case.state not in OPEN_STATES:
        raise Conflict(_l("This case is no longer open, so this cannot be done."))
    if case.priority:
        raise Conflict(_l("This case already has priority attention."))
    now = now or utcnow()
    group, other = _checked(request)
    _set(case, group, other, request.how, now)
    return _record(actor, case, True, request.how, now)


def unmark(actor: User, case: Case, now: datetime | None = None) -> CaseEvent:
    """Remove the mark (asked by the person, or given by mistake): the group and the consent
    are deleted and the case is due by the normal term again, from its filing date."""
    _require_handler(actor, case)
    if not case.priority:
        raise Conflict(_l("This case does not have priority attention."))
    now = now or utcnow()
    case.priority = False
    case.priority_group = case.priority_other = None
    case.priority_consent = case.priority_consent_at = None
    return _record(actor, case, False, None, now)


def _record(actor: User, case: Case, marked: bool, how: PriorityConsent | None,
            now: datetime) -> CaseEvent:
    """The due date again from the filing date; the history's internal note (the event
    returned), the audit entry and the mark's record."""
    if case.state in OPEN_STATES:
        case.due_on = _due_from_filing(case)
    note = (_l("Priority attention recorded. The answer is now due on %(day)s.",
               day=case.due_on.isoformat()) if marked else
            _l("Priority attention removed. The answer is now due on %(day)s.",
               day=case.due_on.isoformat()))
    # An internal note: the history keeps the change without telling anyone else the group.
    event = append_event(case, EventKind.NOTE, actor, public=False, note=str(note), at=now)
    record("case.priority_marked" if marked else "case.priority_removed", actor=actor,
           institution=case.institution, target=case, at=now,
           consent=how.value if how else None, due_on=case.due_on.isoformat())
    db.session.add(CasePriorityMark(case=case, at=now, actor_id=actor.id, marked=marked,
                                    consent=how, due_on=case.due_on))
    return event


def marks_of(case: Case) -> list[CasePriorityMark]:
    return list(db.session.scalars(select(CasePriorityMark).where(
        CasePriorityMark.case_id == case.id).order_by(CasePriorityMark.id)))


# --- the institution's priority term ----------------------------------------------------

def longest_allowed(institution: Institution) -> int:
    """The priority term may not be longer than the normal one: the shortest deadline among
    the institution's active categories, and the law's 30 business days."""
    shortest = db.session.scalar(select(func.min(CaseCategory.deadline_days)).where(
        CaseCategory.institution_id == institution.id, CaseCategory.active.is_(True)))
    return min(shortest or DEFAULT_DEADLINE_DAYS, DEFAULT_DEADLINE_DAYS)


def set_priority_days(actor: User, institution: Institution, days: int | None) -> None:
    """An institution administrator sets (or, with None, removes) the priority term."""
    if not authz.can_manage_case_categories(actor, institution):
        raise Forbidden(_l("Only the institution's administrators can do this."))
    if days is not None:
        limit = longest_allowed(institution)
        if days < 1 or days > limit:
            raise DomainError(_l("The priority term must be from 1 to %(days)d business days: "
                                 "it cannot be longer than the normal term of this "
                                 "institution's cases.", days=limit), field="priority_days")
    settings = db.session.get(CaseSettings, institution.id)
    if settings is None:
        settings = CaseSettings(institution_id=institution.id, allows_anonymous=False,
                                reopen_days=DEFAULT_REOPEN_DAYS, offers_data_rights=True)
        db.session.add(settings)
    settings.priority_days = days
    record("cases.priority_term_set", actor=actor, institution=institution, days=days)
