"""Assisted filing: staff file a case for a person without internet, who then follows it
with its tracking code and a second factor, is called about its news, and may claim it for
an account later.

Who may: Infocentro staff (at their Infocentro, or by phone from it) and officials of any
institution (at their counter, by phone or from a letter): a counter takes a case for any
institution, as a citizen could file it online. The acting person and the place are recorded
on the filing and in the audit log; the log holds no personal data of the person.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from participa import authz
from participa.cases import service as cases
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import (AssistedFiling, CallOutcome, Case, CaseCall, CaseType, Channel,
                              ConsentForm, ConsentPurpose, Infocentro, Institution, ReachBy,
                              SecondFactor, User)
from participa.models.assisted import CALLED
from participa.models.audit import record
from participa.privacy.notice import NOTICE_VERSION, record_consent
from participa.timeutil import utcnow

PIN_LENGTH = 6
WRONG_PAIR = _l("The tracking code and the second factor do not match any case. Check both "
                "and try again.")
# Checked when no case has the code, so that a wrong code takes as long as a wrong factor.
_DUMMY_HASH = generate_password_hash("000000")


@dataclass
class Person:
    """The person a case is filed for, as staff took it down. Only what is needed to reach
    them: a name and the one way they chose."""

    name: str
    reach_by: ReachBy
    phone: str = ""
    postal_address: str = ""
    email: str = ""
    cedula_last4: str = ""


@dataclass
class Desk:
    """Where the acting person files from: an Infocentro they work at, or the counter of an
    institution they act for."""

    infocentro: Infocentro | None = None
    office: Institution | None = None


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def _check_desk(actor: User, desk: Desk, channel: Channel) -> None:
    if desk.infocentro is not None:
        if desk.infocentro not in authz.infocentros_staffed_by(actor):
            raise Forbidden(_l("You can only file cases from an Infocentro where you work."))
        if channel not in (Channel.INFOCENTRO, Channel.PHONE):
            raise DomainError(_l("At an Infocentro a case is filed in person or by phone."),
                              field="channel")
    elif desk.office is not None:
        if desk.office not in authz.institutions_acting_for(actor):
            raise Forbidden(_l("You can only file cases at the counter of an institution "
                               "you work for."))
        if channel not in (Channel.COUNTER, Channel.PHONE, Channel.LETTER):
            raise DomainError(_l("At an institution a case is filed at the counter, by phone "
                                 "or from a letter."), field="channel")
    else:
        raise Forbidden(_l("Only Infocentro staff and officials may file cases for other "
                           "people."))


def _check_person(person: Person) -> Person:
    name = (person.name or "").strip()
    if not name:
        raise DomainError(_l("Enter the person's name."), field="person_name")
    phone = (person.phone or "").strip()
    address = (person.postal_address or "").strip()
    email = (person.email or "").strip().lower()
    if person.reach_by == ReachBy.PHONE and not phone:
        raise DomainError(_l("Enter the phone number the person will be called at."),
                          field="phone")
    if person.reach_by == ReachBy.POST and not address:
        raise DomainError(_l("Enter the postal address the answer will be sent to."),
                          field="postal_address")
    if person.reach_by == ReachBy.EMAIL and not email:
        raise DomainError(_l("Enter the email address the answer will be sent to."),
                          field="email")
    digits = (person.cedula_last4 or "").strip()
    if digits and (len(digits) != 4 or not digits.isdigit()):
        raise DomainError(_l("Enter exactly the last four digits of the cédula, or leave it "
                             "empty to print a PIN."), field="cedula_last4")
    # Only what the chosen way needs is kept, and a phone as a fallback for "will come back".
    keep_phone = person.reach_by in CALLED
    return Person(name=name, reach_by=person.reach_by, phone=phone if keep_phone else "",
                  postal_address=address if person.reach_by == ReachBy.POST else "",
                  email=email, cedula_last4=digits)


def file_assisted(actor: User, institution: Institution, desk: Desk, *, channel: Channel,
                  person: Person, consent_given: bool, consent_form: ConsentForm | None,
                  category_id: int | None, case_type: CaseType, subject: str,
                  description: str, place_code: str | None = None,
                  priority=None, now: datetime | None = None) -> tuple[Case, str | None]:
    """File a case for `person`. Returns the case and the PIN to print on the receipt (None
    when the last digits of the person's cédula are the second factor); only its hash is kept.

    `priority`: the person's request for priority attention (participa.cases.priority), with
    their consent as they gave it."""
    now = now or utcnow()
    if channel == Channel.ONLINE:
        raise DomainError(_l("Choose how the case reached you."), field="channel")
    _check_desk(actor, desk, channel)
    if not consent_given or consent_form is None:
        raise DomainError(_l("The person must consent to the processing of their data, "
                             "read aloud or signed on paper, before the case is filed."),
                          field="consent")
    person = _check_person(person)
    case = cases.file_case(None, institution, category_id=category_id, case_type=case_type,
                           subject=subject, description=description,
                           contact_email=person.email or None, place_code=place_code,
                           priority_request=priority, now=now, channel=channel,
                           assisted_by=actor)
    pin = None if person.cedula_last4 else new_pin()
    db.session.add(AssistedFiling(
        case=case, person_name=person.name, phone=person.phone or None,
        postal_address=person.postal_address or None, reach_by=person.reach_by,
        consent_form=consent_form, notice_version=NOTICE_VERSION, consented_at=now,
        factor=SecondFactor.CEDULA if pin is None else SecondFactor.PIN,
        factor_hash=generate_password_hash(person.cedula_last4 or pin),
        filed_by_id=actor.id, infocentro=desk.infocentro, office=desk.office))
    consent = record_consent(ConsentPurpose.CASE, case=case)
    consent.at = now
    record("case.assisted_filed", actor=actor, institution=institution, target=case, at=now,
           channel=channel.value, infocentro_id=getattr(desk.infocentro, "id", None),
           office_id=getattr(desk.office, "id", None), reach_by=person.reach_by.value,
           consent_form=consent_form.value, notice_version=NOTICE_VERSION)
    db.session.flush()
    return case, pin


def find_with_factor(raw_code: str, factor: str) -> Case:
    """The assisted case with this tracking code when `factor` is its PIN or the last digits
    of its person's cédula. One error for every wrong pair: it never tells whether the code
    exists."""
    code = cases.normalise_code(raw_code)
    case = db.session.scalar(select(Case).where(Case.code == code)) if code else None
    filing = case.assisted if case is not None else None
    stored = filing.factor_hash if filing is not None else _DUMMY_HASH
    matches = check_password_hash(stored, (factor or "").strip())
    if filing is None or not matches:
        raise NotFound(WRONG_PAIR, field="factor")
    return case


def claim(user: User, raw_code: str, factor: str, now: datetime | None = None) -> Case:
    """The person now has an account: the case becomes theirs (Mi Participa, their data
    export), with its channel, consent and place kept."""
    case = find_with_factor(raw_code, factor)
    if case.citizen_id is not None:
        raise Conflict(_l("This case already belongs to an account."), field="code")
    now = now or utcnow()
    case.citizen = user
    case.contact_email = None  # the account's address is used from now on
    case.assisted.claimed_at = now
    record("case.claimed", actor=user, institution=case.institution, target=case, at=now,
           channel=case.channel.value)
    return case


# --- calls ----------------------------------------------------------------------------------

def _call_scope(user: User):
    """The condition on cases whose calls `user` makes: filed at their Infocentros, or
    addressed to the institutions they act for."""
    infocentro_ids = [place.id for place in authz.infocentros_staffed_by(user)]
    institution_ids = [i.id for i in authz.institutions_acting_for(user)]
    return or_(AssistedFiling.infocentro_id.in_(infocentro_ids),
               Case.institution_id.in_(institution_ids))


def call_list(user: User) -> list[Case]:
    """Cases with news their person has not been told yet, who is reached by phone or comes
    back: the news came after the last call that reached them (or after the filing)."""
    return list(db.session.scalars(
        select(Case).join(AssistedFiling).where(
            AssistedFiling.reach_by.in_(CALLED), Case.anonymised_at.is_(None),
            Case.citizen_id.is_(None),
            Case.last_public_at > func.coalesce(AssistedFiling.told_at, Case.created_at),
            _call_scope(user))
        .options(contains_eager(Case.assisted), joinedload(Case.institution))
        .order_by(Case.last_public_at)))


def calls_of(case_ids: list[int]) -> dict[int, list[CaseCall]]:
    """The calls recorded about these cases, newest first, in one query."""
    calls: dict[int, list[CaseCall]] = {case_id: [] for case_id in case_ids}
    if case_ids:
        for call in db.session.scalars(select(CaseCall).where(CaseCall.case_id.in_(case_ids))
                                       .options(joinedload(CaseCall.caller))
                                       .order_by(CaseCall.at.desc(), CaseCall.id.desc())):
            calls[call.case_id].append(call)
    return calls


def record_call(actor: User, case: Case, outcome: CallOutcome, note: str = "",
                now: datetime | None = None) -> CaseCall:
    """A call to the person (or their visit) about the case's news; one that reached them
    takes the case off the call list until there is news again."""
    if not authz.can_call_about(actor, case):
        raise Forbidden(_l("You can only record calls about cases filed at your Infocentro "
                           "or addressed to your institution."))
    now = now or utcnow()
    note = (note or "").strip()
    if len(note) > 1000:
        raise DomainError(_l("The note can have at most 1000 characters."), field="note")
    call = CaseCall(case_id=case.id, caller_id=actor.id, at=now, outcome=outcome, note=note)
    db.session.add(call)
    if outcome == CallOutcome.REACHED:
        case.assisted.told_at = now
    record("case.call_recorded", actor=actor, institution=case.institution, target=case,
           at=now, outcome=outcome.value)
    return call


def assisted_case_for_staff(user: User, raw_code: str) -> Case:
    """The assisted case with this code, for staff who may tell its person of it."""
    code = cases.normalise_code(raw_code)
    case = db.session.scalar(select(Case).where(Case.code == code)) if code else None
    if case is None or not authz.can_call_about(user, case):
        raise NotFound(_l("No case you can print has this tracking code."), field="code")
    return case
