"""Norms issued for e-participation and for personal-data protection: no software can count
them, so a platform administrator enters each one as a dated fact with a link to the
published text."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa import authz
from participa.domain import DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import NormFact, NormKind, User
from participa.models.audit import record
from participa.observatory.links import is_public_link


def add(admin: User, *, kind: NormKind, title: str, issued_on: date | None,
        url: str) -> NormFact:
    if not authz.is_platform_admin(admin):
        raise Forbidden(_l("Only platform administrators enter norms."))
    title, url = (title or "").strip(), (url or "").strip()
    if issued_on is None:
        raise DomainError(_l("Give the date on which the norm was issued."), field="issued_on")
    if not is_public_link(url):
        raise DomainError(_l("Give the link to the published norm: an address that starts "
                             "with http:// or https://."), field="url")
    if not title:
        raise DomainError(_l("Give the norm's name."), field="title")
    fact = NormFact(kind=kind, title=title, issued_on=issued_on, url=url,
                    created_by_id=admin.id)
    db.session.add(fact)
    db.session.flush()
    record("norm_fact.added", actor=admin, target=fact, kind=kind.value)
    return fact


def remove(admin: User, fact_id: int) -> None:
    if not authz.is_platform_admin(admin):
        raise Forbidden(_l("Only platform administrators enter norms."))
    fact = db.session.get(NormFact, fact_id)
    if fact is None:
        raise NotFound(_l("This norm is not recorded."))
    record("norm_fact.removed", actor=admin, target=fact, kind=fact.kind.value,
           title=fact.title)
    db.session.delete(fact)


def all_facts() -> list[NormFact]:
    return list(db.session.scalars(select(NormFact).order_by(NormFact.issued_on,
                                                             NormFact.id)))
