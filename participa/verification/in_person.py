"""In person: an official of any institution, at a counter or an Infocentro (MINTEL's community
access points), checks the person's cédula card and verifies their account with the person
present. The verification names the official, the institution, the place and the time, goes
to the audit log, and the person sees on their page who verified them.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa import authz
from participa.cedula import is_valid_cedula, normalise
from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.models import Institution, User, Verification, VerificationMethod
from participa.verification import service

METHOD = VerificationMethod.IN_PERSON
LABEL = _l("In person")
HOW = _l("Go with your cédula card to the counter of any public institution on Participa or to "
         "an Infocentro: an official checks the card and verifies your account.")
ENDPOINT = None


def find_person(email: str) -> User | None:
    """The account with this email address (an active, not deleted one), or None."""
    return db.session.scalar(select(User).where(
        func.lower(User.email) == (email or "").strip().lower(),
        User.deleted_at.is_(None), User.is_active_account.is_(True)))


def verify(official: User, person: User, *, cedula_on_card: str, place: str,
           institution: Institution) -> Verification | None:
    """The official read the person's cédula card: when it matches the cédula declared on the
    account (or declares it, when the account has none), the identity is verified. None when
    another account holds that cédula: a claim is open for a platform administrator, and the
    official is told only that (never whose account it is)."""
    if institution not in authz.institutions_verifying_for(official):
        raise Forbidden(_l("You can only verify people on behalf of an institution you work for."))
    if person.id == official.id:
        raise Conflict(_l("Another official must verify your own account."))
    place = (place or "").strip()
    if not place:
        raise DomainError(_l("Say where you are verifying the person (office, Infocentro)."),
                          field="place")
    if len(place) > 200:
        raise DomainError(_l("The place can have at most 200 characters."), field="place")
    number = normalise(cedula_on_card or "")
    if not is_valid_cedula(number):
        raise DomainError(_l("This is not a valid Ecuadorian cédula number."), field="cedula")
    if person.cedula is None:
        from participa.ballots.service import add_cedula

        add_cedula(person, number)
        if person.cedula is None:  # another account holds it: a claim is now open
            return None
    elif person.cedula != number:
        raise DomainError(_l("The cédula on the card is not the one declared on this account."),
                          field="cedula")
    return service.grant(person, METHOD, actor=official, place=place, institution=institution)
