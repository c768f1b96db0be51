"""Overdue cases escalate: an event on the case, a message to the assignee and the
institution's administrators. Safe to run again and again: a case escalates once per due date."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from participa.cases.businessdays import local_date
from participa.cases.lifecycle import append_event
from participa.extensions import db
from participa.models import Case, EventKind, InstitutionRole, Membership, User
from participa.models.cases import OPEN_STATES
from participa.timeutil import utcnow



def overdue_not_escalated(today):
    return (select(Case).where(
        Case.state.in_(OPEN_STATES), Case.due_on < today,
        or_(Case.escalated_due_on.is_(None), Case.escalated_due_on != Case.due_on))
        .options(selectinload(Case.assignee), selectinload(Case.institution))
        .order_by(Case.id))


def escalate(now: datetime | None = None) -> list[Case]:
    """Record an escalation on every overdue case not yet escalated for its due date."""
    now = now or utcnow()
    today = local_date(now)
    escalated = []
    for case in db.session.scalars(overdue_not_escalated(today)).all():
        # Claim the escalation with a conditional UPDATE: if another run (cron overlapping
        # itself) got there first, no row changes and this run records nothing.
        claimed = db.session.execute(
            update(Case).where(Case.id == case.id, Case.due_on == case.due_on,
                               or_(Case.escalated_due_on.is_(None),
                                   Case.escalated_due_on != Case.due_on))
            .values(escalated_due_on=case.due_on)
            .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            continue
        case.escalated_due_on = case.due_on
        append_event(case, EventKind.ESCALATED, None, at=now,
                     note=str(_l("The response deadline passed; the case was escalated to the "
                                 "institution's administration.")))
        escalated.append(case)
    return escalated


def admins_by_institution(institution_ids: set[int]) -> dict[int, list[User]]:
    """Each institution's administrators, in one query."""
    rows = db.session.execute(
        select(Membership.institution_id, User).join(User, User.id == Membership.user_id)
        .where(Membership.institution_id.in_(institution_ids),
               Membership.role == InstitutionRole.INSTITUTION_ADMIN,
               User.is_active_account.is_(True))).all()
    admins: dict[int, list[User]] = {}
    for institution_id, user in rows:
        admins.setdefault(institution_id, []).append(user)
    return admins
