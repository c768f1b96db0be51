"""Overdue cases escalate, one step at a time, until someone answers them.

1. ASSIGNEE: from the day after the due date, the official the case is assigned to.
2. INSTITUTION: PARTICIPA_ESCALATION_STEP_DAYS business days later (5 by default), the
   institution's administrators.
3. RECTOR: as many business days later again, the rector ministry: its rector analysts, or the
   platform administrators where the platform has no rector analyst.

A step with nobody to tell (no assignee, an institution without an administrator) goes on to
the next one at once, so an overdue case always reaches someone; a run that finds a case
several steps late (cron stopped for a while) takes the steps it missed at once.

Each run that takes steps records one ESCALATED event on the case (it shows in the case's
history) and the step reached on the case
(`escalated_due_on`, `escalation_level`) with a conditional UPDATE, so that no step is taken
twice, even by two overlapping runs. A new due date (a reopened case) starts again at step 1.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import selectinload

from participa.cases.businessdays import business_days_between, holidays_between, local_date
from participa.cases.lifecycle import append_event
from participa.extensions import db
from participa.models import (Case, EventKind, GlobalRole, Institution, InstitutionRole,
                              Membership, User)
from participa.models.cases import OPEN_STATES
from participa.timeutil import utcnow


class Step(enum.IntEnum):
    ASSIGNEE = 1
    INSTITUTION = 2
    RECTOR = 3


NOTES = {
    Step.ASSIGNEE: _l("The response deadline passed; the case was escalated to the official "
                      "in charge of it."),
    Step.INSTITUTION: _l("The case is still unanswered; it was escalated to the "
                         "institution's administrators."),
    Step.RECTOR: _l("The case is still unanswered; it was escalated to the rector ministry."),
}
SKIPPED = {
    Step.ASSIGNEE: _l("Nobody is assigned to the case."),
    Step.INSTITUTION: _l("The institution has no administrator."),
}


@dataclass
class Escalation:
    case: Case
    step: Step  # the step reached
    told: dict[Step, list[User]] = field(default_factory=dict)  # who is told, by step
    note: str = ""  # the event's note: the steps taken, and those skipped for want of people

    @property
    def recipients(self) -> list[User]:
        return [user for users in self.told.values() for user in users]


def step_days() -> int:
    return max(1, int(current_app.config.get("ESCALATION_STEP_DAYS", 5)))


def due_step(case: Case, today, holidays: list, days: int) -> Step | None:
    """The step an overdue case should have reached today (None when it is not overdue)."""
    if case.due_on is None or case.due_on >= today:
        return None
    overdue = business_days_between(case.due_on, today, holidays)
    return Step(min(Step.RECTOR, Step.ASSIGNEE + overdue // days))


def reached_step(case: Case) -> int:
    """The step already taken for the case's current due date (0: none)."""
    return case.escalation_level if case.escalated_due_on == case.due_on else 0


def overdue_to_escalate(today):
    """Open overdue cases whose escalation is not over for their due date."""
    return (select(Case).where(
        Case.state.in_(OPEN_STATES), Case.due_on < today,
        or_(Case.escalated_due_on.is_(None), Case.escalated_due_on != Case.due_on,
            Case.escalation_level < Step.RECTOR))
        .options(selectinload(Case.assignee), selectinload(Case.institution))
        .order_by(Case.id))


def escalate(now: datetime | None = None) -> list[Escalation]:
    """Take the next step on every overdue case that is due one; the caller commits, then
    sends the mails (`participa.cases.notify.tell_escalation`)."""
    now = now or utcnow()
    today = local_date(now)
    days = step_days()
    cases = db.session.scalars(overdue_to_escalate(today)).all()
    if not cases:
        return []
    holidays = sorted(holidays_between(min(case.due_on for case in cases), today))
    admins = admins_by_institution({case.institution_id for case in cases})
    ministry = None  # read once, when a case gets that far
    escalations = []
    for case in cases:
        target = due_step(case, today, holidays, days)
        already = reached_step(case)
        if target is None or target <= already:
            continue
        # Every step not taken yet up to the due one (a run after a pause catches up), and
        # past it while a step has nobody to tell.
        step, told, notes = Step(already) if already else None, {}, []
        while True:
            step = Step.ASSIGNEE if step is None else Step(step + 1)
            if step == Step.RECTOR and ministry is None:
                ministry = rector_ministry()
            people = _people(case, step, admins, ministry)
            if people:
                told[step] = people
            notes.append(NOTES[step] if people or step == Step.RECTOR else SKIPPED[step])
            if step == Step.RECTOR or (step >= target and people):
                break
        if not told:
            # Nobody at all to tell: nothing is recorded, the next run tries again (and the
            # command fails meanwhile, so that cron tells the operator).
            escalations.append(Escalation(case, step))
            continue
        if not _claim(case, already, step):
            continue  # another run took this step meanwhile
        note = " ".join(str(part) for part in notes)
        append_event(case, EventKind.ESCALATED, None, at=now, note=note)
        escalations.append(Escalation(case, step, told, note))
    return escalations


def _people(case: Case, step: Step, admins: dict, ministry: list | None) -> list[User]:
    if step == Step.ASSIGNEE:
        assignee = case.assignee
        return [assignee] if assignee is not None and assignee.is_active_account else []
    if step == Step.INSTITUTION:
        return admins.get(case.institution_id, [])
    return ministry or []


def _claim(case: Case, already: int, step: Step) -> bool:
    """Record the step with a conditional UPDATE: False when another run (cron overlapping
    itself) changed the case's escalation since it was read."""
    if already:
        unchanged = and_(Case.escalated_due_on == case.due_on,
                         Case.escalation_level == already)
    else:
        unchanged = or_(Case.escalated_due_on.is_(None), Case.escalated_due_on != case.due_on)
    claimed = db.session.execute(
        update(Case).where(Case.id == case.id, Case.due_on == case.due_on, unchanged)
        .values(escalated_due_on=case.due_on, escalation_level=int(step))
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return False
    case.escalated_due_on, case.escalation_level = case.due_on, int(step)
    return True


def admins_by_institution(institution_ids: set[int]) -> dict[int, list[User]]:
    """Each institution's active administrators, in one query."""
    rows = db.session.execute(
        select(Membership.institution_id, User).join(User, User.id == Membership.user_id)
        .where(Membership.institution_id.in_(institution_ids),
               Membership.role == InstitutionRole.INSTITUTION_ADMIN,
               User.is_active_account.is_(True))
        .order_by(User.email)).all()
    admins: dict[int, list[User]] = {}
    for institution_id, user in rows:
        admins.setdefault(institution_id, []).append(user)
    return admins


def rector_ministry() -> list[User]:
    """Who answers for the rector ministry: its rector analysts, or the platform
    administrators when there is no rector analyst."""
    for role in (GlobalRole.RECTOR_ANALYST, GlobalRole.PLATFORM_ADMIN):
        users = db.session.scalars(select(User).where(
            User.global_role == role, User.is_active_account.is_(True))
            .order_by(User.email)).all()
        if users:
            return list(users)
    return []


def institutions_without_admin() -> list[Institution]:
    """Active institutions with no active administrator: their overdue cases skip a step,
    and nobody there manages members, categories or deadlines."""
    has_admin = exists().where(
        Membership.institution_id == Institution.id,
        Membership.role == InstitutionRole.INSTITUTION_ADMIN,
        Membership.user_id == User.id, User.is_active_account.is_(True))
    return list(db.session.scalars(select(Institution).where(
        Institution.active.is_(True), ~has_admin).order_by(Institution.name)))
