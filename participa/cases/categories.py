"""Institution administrators set their case categories, deadlines and filing rules;
platform administrators change the law's holiday calendar by decree."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.cases import facts, holiday_calendar
from participa.cases.service import settings_for
from participa.domain import Conflict, NotFound
from participa.extensions import db
from participa.models import (CaseCategory, CaseSettings, Holiday, HolidayKind, Institution,
                              User)
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
                    reopen_days: int, offers_data_rights: bool | None = None) -> CaseSettings:
    settings = settings_for(institution)
    if db.session.get(CaseSettings, institution.id) is None:
        db.session.add(settings)
    before = {"allows_anonymous": settings.allows_anonymous, "reopen_days": settings.reopen_days,
              "offers_data_rights": settings.offers_data_rights}
    if offers_data_rights is None:
        offers_data_rights = settings.offers_data_rights
    settings.allows_anonymous, settings.reopen_days = allows_anonymous, reopen_days
    settings.offers_data_rights = offers_data_rights
    record("case_settings.updated", actor=actor, institution=institution, before=before,
           allows_anonymous=allows_anonymous, reopen_days=reopen_days,
           offers_data_rights=offers_data_rights)
    return settings


def add_holiday(actor: User | None, day: date, name: str) -> Holiday | None:
    """Make `day` a holiday: a decreed day off, or a law's holiday given back after a removal."""
    stored = db.session.get(Holiday, day)
    if day in holiday_calendar.holidays_between(day, day):
        raise Conflict(_l("This day is already a holiday."), field="day")
    name = name.strip()
    if stored is not None and holiday_calendar.is_law_holiday(day):
        db.session.delete(stored)  # the removal is undone: the law's holiday again
        stored = None
    elif stored is not None:
        stored.kind, stored.name = HolidayKind.ADDED, name
    else:
        stored = Holiday(day=day, name=name, kind=HolidayKind.ADDED)
        db.session.add(stored)
    record("holiday.added", actor=actor, day=day.isoformat(), name=name)
    db.session.flush()
    facts.refresh_around(db.session, day)  # durations across that day lose one business day
    return stored


def remove_holiday(actor: User | None, day: date) -> None:
    """Make `day` a business day: drop a decreed day, or record that a decree moved a law's
    holiday away from it."""
    if day not in holiday_calendar.holidays_between(day, day):
        raise NotFound(_l("This day is not in the holiday list."))
    stored = db.session.get(Holiday, day)
    law_name = holiday_calendar.law_holidays(day.year).get(day)
    name = stored.name if stored is not None else law_name
    if law_name is None:
        db.session.delete(stored)
    elif stored is not None:
        stored.kind, stored.name = HolidayKind.REMOVED, law_name
    else:
        db.session.add(Holiday(day=day, name=law_name, kind=HolidayKind.REMOVED))
    record("holiday.removed", actor=actor, day=day.isoformat(), name=name)
    db.session.flush()
    facts.refresh_around(db.session, day)
