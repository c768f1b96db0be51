"""An institution administrator records that the annual report was sent to the Defensoría
del Pueblo, and on which day."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.domain import DomainError
from participa.extensions import db
from participa.models import Institution, LotaipReportSubmission, User
from participa.models.audit import record


def mark_submitted(actor: User, institution: Institution, year: int, submitted_on: date,
                   today: date) -> LotaipReportSubmission:
    """Record (or correct) the day the report of `year` was submitted."""
    if submitted_on > today:
        raise DomainError(_l("The report cannot have been submitted on a future day."),
                          field="submitted_on")
    if submitted_on.year <= year:
        raise DomainError(_l("The report of a year is submitted after that year ends."),
                          field="submitted_on")
    submission = db.session.scalar(select(LotaipReportSubmission).where(
        LotaipReportSubmission.institution_id == institution.id,
        LotaipReportSubmission.year == year))
    before = submission.submitted_on.isoformat() if submission else None
    if submission is None:
        submission = LotaipReportSubmission(institution=institution, year=year,
                                            submitted_on=submitted_on, recorded_by_id=actor.id)
        db.session.add(submission)
    else:
        submission.submitted_on, submission.recorded_by_id = submitted_on, actor.id
    db.session.flush()
    record("lotaip_report.submitted", actor=actor, institution=institution, target=submission,
           year=year, submitted_on=submitted_on.isoformat(), before=before)
    return submission
