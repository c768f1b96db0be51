"""What an information request (LOTAIP) allows beyond the common lifecycle: one extension of
its term, told to the requester with its reason, and a refusal that names its legal ground.

Functions take the acting user and loaded objects, raise domain errors, append events, and
leave the commit to the caller (as participa.cases.service).
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.cases import service, terms
from participa.cases.businessdays import local_date
from participa.cases.lifecycle import append_event
from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.labels import REFUSAL_GROUND_LABELS
from participa.models import (Case, CaseType, EventKind, RefusalGround, ReservedClassification,
                              User)
from participa.models.audit import record
from participa.models.cases import OPEN_STATES
from participa.timeutil import utcnow


def can_extend(case: Case, today) -> bool:
    """Whether the extension is still possible: an open case whose law allows one, not yet
    extended, before its term runs out."""
    return (terms.can_be_extended(case.type) and case.state in OPEN_STATES
            and case.extended_at is None and case.due_on is not None and today <= case.due_on)


def extend(actor: User, case: Case, reason: str, now: datetime | None = None):
    """Extend the term once by the law's extension (5 days for LOTAIP), before it runs out,
    with a reason the requester is told."""
    now = now or utcnow()
    if not terms.can_be_extended(case.type):
        raise Conflict(_l("The law gives this type of case no extension."))
    if case.state not in OPEN_STATES:
        raise Conflict(_l("This case is no longer open, so this cannot be done."))
    if case.extended_at is not None:
        raise Conflict(_l("The term of this request was already extended once; the law "
                          "allows no second extension."))
    if case.due_on is None or local_date(now) > case.due_on:
        raise Conflict(_l("The term has already run out: it can only be extended before "
                          "it falls due."))
    if not (reason or "").strip():
        raise DomainError(_l("Tell the requester why the term is extended."), field="reason")
    before = case.due_on
    case.due_on = terms.term_of(case.type).extend(case.due_on)
    case.extended_at = now
    record("case.extended", actor=actor, institution=case.institution, target=case, at=now,
           reason=reason.strip(), due_before=before.isoformat(),
           due_after=case.due_on.isoformat())
    return append_event(case, EventKind.EXTENDED, actor, reasons=reason.strip(), at=now)


def classifications_in_force(institution, day) -> list[ReservedClassification]:
    return list(db.session.scalars(select(ReservedClassification).where(
        ReservedClassification.institution_id == institution.id,
        ReservedClassification.classified_on <= day,
        ReservedClassification.valid_until >= day)
        .order_by(ReservedClassification.classified_on.desc())))


def refuse(actor: User, case: Case, ground: RefusalGround | None, classification_id: int | None,
           text: str, reasons: str, now: datetime | None = None):
    """Refuse an information request: the answer names its legal ground; information
    classified as reserved names the institution's classification in force."""
    now = now or utcnow()
    if case.type != CaseType.INFORMATION_REQUEST:
        raise Conflict(_l("Only a request for public information is refused with a legal "
                          "ground; answer or reject other cases."))
    if case.state not in OPEN_STATES:
        raise Conflict(_l("This case is no longer open, so this cannot be done."))
    if ground is None:
        raise DomainError(_l("Choose the legal ground of the refusal."), field="ground")
    classification = None
    if ground == RefusalGround.RESERVED:
        classification = db.session.scalar(select(ReservedClassification).where(
            ReservedClassification.id == classification_id,
            ReservedClassification.institution_id == case.institution_id)) \
            if classification_id else None
        if classification is None:
            raise DomainError(_l("Choose the classification resolution of the reserved "
                                 "information."), field="classification")
        if not classification.in_force(local_date(now)):
            raise DomainError(_l("This classification is not in force: the information can "
                                 "no longer be refused as reserved."), field="classification")
    case.refusal_ground = ground
    case.classification = classification
    basis = str(REFUSAL_GROUND_LABELS[ground])
    if classification is not None:
        basis = str(_l("%(ground)s (resolution %(number)s)", ground=basis,
                       number=classification.resolution_number))
    reasons = (reasons or "").strip()
    full_reasons = f"{basis}. {reasons}" if reasons else ""
    return service.answer(actor, case, text or "", full_reasons, now=now)
