"""Case rules: filing and every transition of the lifecycle.

received → assigned → in progress → answered → resolved / closed; rejected (out of scope, with
reasons) and transferred (to another institution, history kept) from any open state; the
citizen reopens within a window after the answer. Functions take the acting user and loaded
objects, raise domain errors, append events, and leave the commit to the caller.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.cases import information, places, priority, terms
from participa.cases.businessdays import local_date
from participa.cases.lifecycle import append_event
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import (Case, CaseCategory, CaseSettings, CaseState, CaseType, Channel,
                              EventKind, Institution, InstitutionRole, Membership, User)
from participa.models.audit import record
from participa.models.cases import DEFAULT_DEADLINE_DAYS, DEFAULT_REOPEN_DAYS, OPEN_STATES
from participa.timeutil import utcnow

# Crockford's base 32 without look-alike letters: 12 characters carry 60 random bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
CODE_PREFIX = "CC-"


def new_tracking_code() -> str:
    number = secrets.randbits(5 * CODE_LENGTH)
    body = "".join(CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))
    return f"{CODE_PREFIX}{body[:4]}-{body[4:8]}-{body[8:]}"


def normalise_code(raw: str) -> str:
    """Accept a code typed with spaces, without dashes or in lower case."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if text.startswith("CC"):
        text = text[2:]
    text = text.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(text) != CODE_LENGTH:
        return ""
    return f"{CODE_PREFIX}{text[:4]}-{text[4:8]}-{text[8:]}"


def find_case_by_code(raw: str) -> Case:
    code = normalise_code(raw)
    case = db.session.scalar(select(Case).where(Case.code == code)) if code else None
    if case is None:
        raise NotFound(_l("No case has this tracking code. Check it and try again."), field="code")
    return case


def settings_for(institution: Institution) -> CaseSettings:
    settings = db.session.get(CaseSettings, institution.id)
    if settings is None:
        settings = CaseSettings(institution_id=institution.id, allows_anonymous=False,
                                reopen_days=DEFAULT_REOPEN_DAYS, offers_data_rights=True)
    return settings


def active_categories(institution: Institution) -> list[CaseCategory]:
    return list(db.session.scalars(
        select(CaseCategory).where(CaseCategory.institution_id == institution.id,
                                   CaseCategory.active.is_(True)).order_by(CaseCategory.name)))


def _deadline_days(case: Case) -> int:
    return case.category.deadline_days if case.category is not None else DEFAULT_DEADLINE_DAYS


def offered_types(institution: Institution) -> list[CaseType]:
    """The case types the institution takes: all, or all but the personal-data rights when
    its administrators send those elsewhere."""
    if settings_for(institution).offers_data_rights:
        return list(CaseType)
    return [t for t in CaseType if t not in terms.DATA_RIGHTS]


def file_case(actor: User | None, institution: Institution, *, category_id: int | None,
              case_type: CaseType, subject: str, description: str,
              contact_email: str | None = None, province: str | None = None,
              canton: str | None = None, latitude: float | None = None,
              longitude: float | None = None, place_code: str | None = None,
              priority_request: priority.PriorityRequest | None = None,
              now: datetime | None = None, channel: Channel = Channel.ONLINE,
              assisted_by: User | None = None) -> Case:
    """A citizen (or, where the institution allows it, an anonymous person with an email
    address) addresses a case to an institution. The tracking code is set at once.
    `place_code` is INEC's code of a province, canton or parish: the case takes the names
    of its province and canton from it. `assisted_by` files it for a person without an
    account on another `channel` (participa.assisted.service checks who may).
    `priority_request`: the person asks for priority attention (participa.cases.priority),
    which needs their consent."""
    now = now or utcnow()
    if place_code:
        province_place, canton_place, _ = places.lineage(place_code)
        if province_place is None:
            raise DomainError(_l("Choose a place from the list."), field="province")
        province = province_place.name
        canton = canton_place.name if canton_place else None
    if not institution.active:
        raise NotFound(_l("This institution does not take cases at the moment."))
    category = db.session.scalar(select(CaseCategory).where(
        CaseCategory.id == category_id, CaseCategory.institution_id == institution.id,
        CaseCategory.active.is_(True))) if category_id else None
    if category is None:
        raise DomainError(_l("Choose one of this institution's categories."), field="category")
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    if assisted_by is not None:
        signed_in = False  # the case is the assisted person's, not the staff member's
    elif not signed_in:
        if not settings_for(institution).allows_anonymous:
            raise Forbidden(_l("This institution only takes cases from registered people. "
                               "Sign in or register to file it."))
        if not contact_email:
            raise DomainError(_l("Enter an email address so that you can be told of the "
                                 "answer."), field="contact_email")
    if (latitude is None) != (longitude is None):
        raise DomainError(_l("Give both the latitude and the longitude, or neither."),
                          field="latitude")
    if case_type not in offered_types(institution):
        raise DomainError(_l("This institution takes requests about personal data through "
                             "another channel."), field="type")
    code = new_tracking_code()
    while db.session.scalar(select(Case.id).where(Case.code == code)) is not None:
        code = new_tracking_code()  # practically never: 2^60 codes
    case = Case(code=code, institution=institution, category=category, type=case_type,
                subject=subject.strip(), description=description.strip(),
                citizen=actor if signed_in else None,
                contact_email=None if signed_in or not contact_email
                else contact_email.strip().lower(), channel=channel,
                province=province or None, canton=(canton or "").strip() or None,
                place_code=place_code or None,
                latitude=latitude, longitude=longitude, state=CaseState.RECEIVED,
                due_on=terms.due_on(case_type, local_date(now), category.deadline_days),
                created_at=now, updated_at=now)
    priority.apply_on_filing(case, priority_request, actor if signed_in else None, now)
    db.session.add(case)
    append_event(case, EventKind.FILED, actor if signed_in else assisted_by,
                 state_after=CaseState.RECEIVED, at=now)
    db.session.flush()
    return case


# --- institution side -------------------------------------------------------------------

def _audit(action: str, actor: User, case: Case, **details) -> None:
    """The audit entry of a transition made by the institution's staff."""
    record(f"case.{action}", actor=actor, institution=case.institution, target=case, **details)


def _settle_question(case: Case) -> None:
    """A question to the citizen no longer waits once the case is answered, rejected or
    transferred (participa.cases.information)."""
    information.clear(case)


def _require_open(case: Case) -> None:
    if case.state not in OPEN_STATES:
        raise Conflict(_l("This case is no longer open, so this cannot be done."))


def case_handlers(institution: Institution) -> list[User]:
    """People who may handle the institution's cases (officials and its administrators)."""
    return list(db.session.scalars(
        select(User).join(Membership).where(
            Membership.institution_id == institution.id,
            Membership.role.in_([InstitutionRole.OFFICIAL, InstitutionRole.INSTITUTION_ADMIN]),
            User.is_active_account.is_(True))
        .distinct().order_by(User.name)))


def handler_of(institution: Institution, user_id: int | None) -> User:
    """The official of `institution` with this id; an id from elsewhere is not found."""
    user = db.session.scalar(select(User).join(Membership).where(
        User.id == user_id, Membership.institution_id == institution.id,
        Membership.role.in_([InstitutionRole.OFFICIAL, InstitutionRole.INSTITUTION_ADMIN])
    ).limit(1)) if user_id else None
    if user is None:
        raise DomainError(_l("Choose an official of this institution."), field="assignee")
    return user


def assign(actor: User, case: Case, assignee: User, now: datetime | None = None):
    _require_open(case)
    if case.assignee_id == assignee.id:
        raise Conflict(_l("The case is already assigned to this person."), field="assignee")
    case.assignee = assignee
    state = CaseState.ASSIGNED if case.state == CaseState.RECEIVED else case.state
    _audit("assigned", actor, case, at=now, assignee_id=assignee.id)
    return append_event(case, EventKind.ASSIGNED, actor, state_after=state, assignee=assignee,
                        at=now)


def bulk_assign(actor: User, institution: Institution, case_ids: list[int],
                assignee: User) -> int:
    """Assign several of the institution's open cases at once; returns how many changed."""
    if not case_ids:
        raise DomainError(_l("Select at least one case."), field="case_ids")
    cases = db.session.scalars(select(Case).where(
        Case.id.in_(case_ids), Case.institution_id == institution.id,
        Case.state.in_(OPEN_STATES))).all()
    changed = 0
    for case in cases:
        if case.assignee_id != assignee.id:
            assign(actor, case, assignee)
            changed += 1
    return changed


def categorise(actor: User, case: Case, category_id: int | None, now: datetime | None = None):
    """Put the case in one of the institution's categories (a transferred case arrives
    without one); the due date then follows that category's deadline, counted from when the
    case reached the institution."""
    _require_open(case)
    category = db.session.scalar(select(CaseCategory).where(
        CaseCategory.id == category_id, CaseCategory.institution_id == case.institution_id,
        CaseCategory.active.is_(True))) if category_id else None
    if category is None:
        raise DomainError(_l("Choose one of this institution's categories."), field="category")
    if category.id == case.category_id:
        raise Conflict(_l("The case is already in this category."), field="category")
    arrived = max((e.at for e in case.events if e.kind in (
        EventKind.FILED, EventKind.TRANSFERRED, EventKind.REOPENED)), default=case.created_at)
    case.category = category
    case.due_on = priority.shorten(case, local_date(arrived), terms.due_on(
        case.type, local_date(arrived), category.deadline_days))
    _audit("categorised", actor, case, at=now, category_id=category.id)
    return append_event(case, EventKind.CATEGORISED, actor, note=category.name, at=now)


def start(actor: User, case: Case, now: datetime | None = None):
    if case.state not in (CaseState.RECEIVED, CaseState.ASSIGNED):
        raise Conflict(_l("Only a received or assigned case can be started."))
    if case.assignee_id is None:
        case.assignee = actor
    _audit("started", actor, case, at=now)
    return append_event(case, EventKind.STARTED, actor, state_after=CaseState.IN_PROGRESS,
                        assignee=case.assignee, at=now)


def add_note(actor: User, case: Case, note: str, now: datetime | None = None):
    """An internal note: seen by the institution, never by the citizen."""
    return append_event(case, EventKind.NOTE, actor, public=False, note=note.strip(), at=now)


def answer(actor: User, case: Case, text: str, reasons: str, now: datetime | None = None):
    """The public answer. It states its reasons (Constitution, art. 66.23)."""
    _require_open(case)
    if not reasons.strip():
        raise DomainError(_l("State the reasons for the answer."), field="reasons")
    now = now or utcnow()
    case.answered_at = now
    if case.assignee_id is None:
        case.assignee = actor
    _settle_question(case)
    _audit("answered", actor, case, at=now, reason=reasons.strip())
    return append_event(case, EventKind.ANSWERED, actor, state_after=CaseState.ANSWERED,
                        note=text.strip(), reasons=reasons.strip(), at=now)


def reject(actor: User, case: Case, reasons: str, now: datetime | None = None):
    """Out of the institution's scope: rejected, with the reasons."""
    _require_open(case)
    if not reasons.strip():
        raise DomainError(_l("State why the case is out of scope."), field="reasons")
    _settle_question(case)
    _audit("rejected", actor, case, at=now, reason=reasons.strip())
    return append_event(case, EventKind.REJECTED, actor, state_after=CaseState.REJECTED,
                        reasons=reasons.strip(), at=now)


def transfer(actor: User, case: Case, to_institution: Institution, reasons: str,
             now: datetime | None = None):
    """Hand the case to the competent institution; its history goes with it."""
    _require_open(case)
    if to_institution.id == case.institution_id or not to_institution.active:
        raise DomainError(_l("Choose another active institution."), field="institution")
    if not reasons.strip():
        raise DomainError(_l("State why the other institution is competent."), field="reasons")
    now = now or utcnow()
    event = append_event(case, EventKind.TRANSFERRED, actor, state_after=CaseState.RECEIVED,
                         reasons=reasons.strip(), to_institution=to_institution, at=now)
    case.institution = to_institution
    case.category = None  # the receiving institution has its own categories
    case.assignee = None
    _settle_question(case)
    case.due_on = priority.shorten(case, local_date(now), terms.due_on(case.type, local_date(now)))
    record("case.transferred", actor=actor, institution=to_institution, target=case,
           at=now, from_institution_id=event.institution_id, reason=reasons.strip())
    return event


def reopen_deadline(case: Case) -> datetime | None:
    if case.answered_at is None:
        return None
    return case.answered_at + timedelta(days=settings_for(case.institution).reopen_days)


def close(actor: User, case: Case, now: datetime | None = None):
    """Close an answered case once the citizen can no longer reopen it."""
    now = now or utcnow()
    if case.state != CaseState.ANSWERED:
        raise Conflict(_l("Only an answered case can be closed: a petition needs a "
                          "motivated answer first."))
    if now < reopen_deadline(case):
        raise Conflict(_l("The citizen can still reopen this case; it can be closed after "
                          "the reopening period."))
    _audit("closed", actor, case, at=now)
    return append_event(case, EventKind.CLOSED, actor, state_after=CaseState.CLOSED, at=now)


# --- citizen side -----------------------------------------------------------------------

def reopen(actor: User | None, case: Case, note: str, now: datetime | None = None):
    """The citizen is not satisfied with the answer and reopens within the window."""
    now = now or utcnow()
    if case.state != CaseState.ANSWERED:
        raise Conflict(_l("Only an answered case can be reopened."))
    if now > reopen_deadline(case):
        raise Conflict(_l("The period to reopen this case has ended."))
    if not note.strip():
        raise DomainError(_l("Say why the answer does not settle your case."), field="note")
    state = CaseState.IN_PROGRESS if case.assignee_id else CaseState.RECEIVED
    case.answered_at = None
    case.due_on = priority.shorten(case, local_date(now), terms.due_on(
        case.type, local_date(now), _deadline_days(case)))
    return append_event(case, EventKind.REOPENED, actor, state_after=state, note=note.strip(),
                        at=now)


def confirm(actor: User | None, case: Case, rating: int, comment: str = "",
            now: datetime | None = None):
    """The citizen confirms the answer settles the case and rates it from 1 to 5."""
    if case.state != CaseState.ANSWERED:
        raise Conflict(_l("Only an answered case can be confirmed as resolved."))
    if rating not in range(1, 6):
        raise DomainError(_l("Choose a rating from 1 to 5."), field="rating")
    case.rating = rating
    case.rating_comment = (comment or "").strip() or None
    return append_event(case, EventKind.RESOLVED, actor, state_after=CaseState.RESOLVED,
                        note=case.rating_comment or "", at=now)
