"""Institution administrators set their case categories, deadlines and filing rules;
platform administrators keep the holiday list."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.cases import facts
from participa.cases.service import settings_for
from participa.domain import Conflict, NotFound
from participa.extensions import db
from participa.models import CaseCategory, CaseSettings, Holiday, Institution, User
from participa.models.audit import record


def all_categories(institution: Institution) -> list[CaseCategory]:
    return list(db.session.scalars(select(CaseCategory).where(
        CaseCategory.institution_id == institution.id)
        .order_by(CaseCategory.active.desc(), CaseCategory.name)))


def get_category(institution: Institution, category_id: int) -> CaseCategory:
    category = db.session.scalar(select(CaseCategory).where(
        CaseCategory.id == category_id, CaseCategory.institution_id == institution.id))
    if category is None:
        raise NotFound(_l("This category does not exist in this institution."))
    return category


def _name_taken(institution: Institution, name: str, except_id: int | None = None) -> bool:
    query = select(CaseCategory.id).where(CaseCategory.institution_id == institution.id,
                                          func.lower(CaseCategory.name) == name.lower())
    if except_id is not None:
        query = query.where(CaseCategory.id != except_id)
    return db.session.scalar(query) is not None


def create_category(actor: User, institution: Institution, *, name: str,
                    deadline_days: int) -> CaseCategory:
    name = name.strip()
    if _name_taken(institution, name):
        raise Conflict(_l("This institution already has a category with this name."),
                       field="name")
    category = CaseCategory(institution=institution, name=name, deadline_days=deadline_days,
                            active=True)
    db.session.add(category)
    db.session.flush()
    record("case_category.created", actor=actor, institution=institution, target=category,
           name=name, deadline_days=deadline_days)
    return category


def update_category(actor: User, category: CaseCategory, *, name: str, deadline_days: int,
                    active: bool) -> CaseCategory:
    name = name.strip()
    if _name_taken(category.institution, name, except_id=category.id):
        raise Conflict(_l("This institution already has a category with this name."),
                       field="name")
    before = {"name": category.name, "deadline_days": category.deadline_days,
              "active": category.active}
    category.name, category.deadline_days, category.active = name, deadline_days, active
    record("case_category.updated", actor=actor, institution=category.institution,
           target=category, before=before)
    return category


def update_settings(actor: User, institution: Institution, *, allows_anonymous: bool,
                    reopen_days: int) -> CaseSettings:
    settings = settings_for(institution)
    if db.session.get(CaseSettings, institution.id) is None:
        db.session.add(settings)
    before = {"allows_anonymous": settings.allows_anonymous, "reopen_days": settings.reopen_days}
    settings.allows_anonymous, settings.reopen_days = allows_anonymous, reopen_days
    record("case_settings.updated", actor=actor, institution=institution, before=before,
           allows_anonymous=allows_anonymous, reopen_days=reopen_days)
    return settings


def holidays(year: int | None = None) -> list[Holiday]:
    query = select(Holiday).order_by(Holiday.day)
    if year is not None:
        query = query.where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(db.session.scalars(query))


def add_holiday(actor: User | None, day: date, name: str) -> Holiday:
    if db.session.get(Holiday, day) is not None:
        raise Conflict(_l("This day is already a holiday."), field="day")
    holiday = Holiday(day=day, name=name.strip())
    db.session.add(holiday)
    record("holiday.added", actor=actor, day=day.isoformat(), name=holiday.name)
    db.session.flush()
    facts.refresh_around(db.session, day)  # durations across that day lose one business day
    return holiday


def remove_holiday(actor: User | None, day: date) -> None:
    holiday = db.session.get(Holiday, day)
    if holiday is None:
        raise NotFound(_l("This day is not in the holiday list."))
    record("holiday.removed", actor=actor, day=day.isoformat(), name=holiday.name)
    db.session.delete(holiday)
    db.session.flush()
    facts.refresh_around(db.session, day)
