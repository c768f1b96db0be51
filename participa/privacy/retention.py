"""Anonymising the citizen's personal data in cases that no longer need them.

A finished case (resolved, closed or rejected) stays with the institution as an
administrative record: its subject, description, history, category, place (province and
canton), dates, state and rating, which the statistics count. What identifies or locates the
citizen goes: the link to their account, the contact address, the exact coordinates and the
free-text comment of the rating, and the group of priority attention (sensitive data).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from participa.extensions import db
from participa.models import AssistedFiling, Case, User
from participa.models.audit import record
from participa.models.cases import FINAL_STATES
from participa.timeutil import utcnow

DEFAULT_RETENTION_DAYS = 365 * 5


def retention_days() -> int:
    """PARTICIPA_CASE_RETENTION_DAYS (or the CASE_RETENTION_DAYS setting); five years."""
    configured = current_app.config.get("CASE_RETENTION_DAYS") or os.environ.get(
        "PARTICIPA_CASE_RETENTION_DAYS")
    return int(configured) if configured else DEFAULT_RETENTION_DAYS


ANONYMISED_VALUES = {"citizen_id": None, "contact_email": None, "latitude": None,
                     "longitude": None, "rating_comment": None,
                     # Priority attention: the group and its consent are sensitive data and
                     # go; the mark itself stays, so that the figures still count the case.
                     "priority_group": None, "priority_other": None,
                     "priority_consent": None, "priority_consent_at": None}
# A case filed for a person (participa.models.assisted): their name and how to reach them.
# Who filed it, where, and the consent's form and version stay as the filing's record.
ASSISTED_ANONYMISED_VALUES = {"person_name": None, "phone": None, "postal_address": None}


def anonymise_case(case: Case, now: datetime | None = None) -> bool:
    """Remove the citizen's data from one loaded case; False when it was already done."""
    if case.anonymised_at is not None:
        return False
    filing = case.assisted  # loaded before any change: the load must not flush half of it
    case.anonymised_at = now or utcnow()
    for column, value in ANONYMISED_VALUES.items():
        setattr(case, column, value)
    if filing is not None:
        for column, value in ASSISTED_ANONYMISED_VALUES.items():
            setattr(filing, column, value)
    return True


def run_retention(now: datetime | None = None) -> int:
    """Anonymise every finished case whose last change is older than the retention period,
    and at once the finished cases of people who deleted their account. One conditional
    UPDATE: a second run, or two runs at the same time, change nothing more."""
    now = now or utcnow()
    deleted_citizens = select(User.id).where(User.deleted_at.is_not(None))
    result = db.session.execute(
        update(Case)
        .where(Case.anonymised_at.is_(None), Case.state.in_(FINAL_STATES),
               or_(Case.updated_at < now - timedelta(days=retention_days()),
                   Case.citizen_id.in_(deleted_citizens)))
        .values(anonymised_at=now, **ANONYMISED_VALUES)
        .execution_options(synchronize_session=False))
    db.session.execute(
        update(AssistedFiling)
        .where(AssistedFiling.case_id.in_(select(Case.id).where(Case.anonymised_at.is_not(None))),
               or_(AssistedFiling.person_name.is_not(None), AssistedFiling.phone.is_not(None),
                   AssistedFiling.postal_address.is_not(None)))
        .values(**ASSISTED_ANONYMISED_VALUES).execution_options(synchronize_session=False))
    if result.rowcount:
        record("privacy.cases_anonymised", actor=None, count=result.rowcount)
    return result.rowcount
