"""An institution's classifications of reserved information: kept by its administrators,
cited by refusals, listed (never their content) in the public index of reserved information."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.models import Institution, ReservedClassification, User
from participa.models.audit import record


def index_of(institution: Institution) -> list[ReservedClassification]:
    """Every classification of the institution, newest first."""
    return list(db.session.scalars(select(ReservedClassification).where(
        ReservedClassification.institution_id == institution.id)
        .order_by(ReservedClassification.classified_on.desc(), ReservedClassification.id)))


def index_for_year(institution: Institution, year: int) -> list[ReservedClassification]:
    """The classifications in force at some time of `year`: the index an annual report gives."""
    return list(db.session.scalars(select(ReservedClassification).where(
        ReservedClassification.institution_id == institution.id,
        ReservedClassification.classified_on <= date(year, 12, 31),
        ReservedClassification.valid_until >= date(year, 1, 1))
        .order_by(ReservedClassification.classified_on, ReservedClassification.id)))


def create(actor: User, institution: Institution, *, resolution_number: str, topic: str,
           legal_basis: str, classified_on: date, valid_until: date) -> ReservedClassification:
    number = resolution_number.strip()
    if not number:
        raise DomainError(_l("Enter the number of the classification resolution."),
                          field="resolution_number")
    if valid_until < classified_on:
        raise DomainError(_l("The classification cannot end before the day it was made."),
                          field="valid_until")
    taken = db.session.scalar(select(ReservedClassification.id).where(
        ReservedClassification.institution_id == institution.id,
        func.lower(ReservedClassification.resolution_number) == number.lower()))
    if taken is not None:
        raise Conflict(_l("This institution already recorded a classification with this "
                          "resolution number."), field="resolution_number")
    classification = ReservedClassification(
        institution=institution, resolution_number=number, topic=topic.strip(),
        legal_basis=(legal_basis or "").strip(), classified_on=classified_on,
        valid_until=valid_until, created_by_id=actor.id)
    db.session.add(classification)
    db.session.flush()
    record("reserved_classification.created", actor=actor, institution=institution,
           target=classification, resolution_number=number,
           classified_on=classified_on.isoformat(), valid_until=valid_until.isoformat())
    return classification
