"""Infocentros and their staff, kept by platform administrators."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa import authz
from participa.cases import places
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import Infocentro, InfocentroStaff, User
from participa.models.audit import record


def _require_admin(actor: User) -> None:
    if not authz.can_manage_infocentros(actor):
        raise Forbidden(_l("Only platform administrators manage Infocentros."))


def create(actor: User, *, name: str, place_code: str) -> Infocentro:
    """A new Infocentro in a parish of INEC's list."""
    _require_admin(actor)
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter the Infocentro's name."), field="name")
    place = places.get(place_code)
    if place is None or len(place.code) != 6:
        raise DomainError(_l("Choose the parish of the Infocentro from the list."),
                          field="place_code")
    if db.session.scalar(select(Infocentro.id).where(
            Infocentro.place_code == place.code, func.lower(Infocentro.name) == name.lower())):
        raise Conflict(_l("This parish already has an Infocentro with this name."),
                       field="name")
    infocentro = Infocentro(name=name, place_code=place.code)
    db.session.add(infocentro)
    db.session.flush()
    record("infocentro.created", actor=actor, target=infocentro, place_code=place.code)
    return infocentro


def add_staff(actor: User, infocentro: Infocentro, email: str) -> InfocentroStaff:
    _require_admin(actor)
    user = db.session.scalar(select(User).where(
        func.lower(User.email) == (email or "").strip().lower(), User.deleted_at.is_(None)))
    if user is None:
        raise NotFound(_l("No account has this email address: the person registers first."),
                       field="email")
    if any(member.user_id == user.id for member in infocentro.staff):
        raise Conflict(_l("This person already works at this Infocentro."), field="email")
    member = InfocentroStaff(infocentro=infocentro, user=user)
    db.session.add(member)
    db.session.flush()
    record("infocentro.staff_added", actor=actor, target=infocentro, user_id=user.id)
    return member


def remove_staff(actor: User, infocentro: Infocentro, user_id: int) -> None:
    _require_admin(actor)
    member = next((m for m in infocentro.staff if m.user_id == user_id), None)
    if member is None:
        raise NotFound(_l("This person does not work at this Infocentro."))
    infocentro.staff.remove(member)
    record("infocentro.staff_removed", actor=actor, target=infocentro, user_id=user_id)


def all_infocentros() -> list[Infocentro]:
    return list(db.session.scalars(select(Infocentro).order_by(Infocentro.name)))
