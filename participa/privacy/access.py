"""The access log: officials, moderators and administrators opening personal data."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.models import AccessKind, AccessLogEntry, Institution, User
from participa.timeutil import utcnow


def log_case_opened(viewer, case) -> AccessLogEntry:
    """An official (or moderator) of the case's institution opened its page."""
    entry = AccessLogEntry(viewer_id=viewer.id, institution_id=case.institution_id,
                           kind=AccessKind.CASE, case_id=case.id, at=utcnow())
    db.session.add(entry)
    return entry


def log_user_opened(viewer, subject: User, institution: Institution | None = None):
    """An administrator opened a person's account details."""
    entry = AccessLogEntry(viewer_id=viewer.id, institution_id=getattr(institution, "id", None),
                           kind=AccessKind.USER, subject_id=subject.id, at=utcnow())
    db.session.add(entry)
    return entry


def accesses_to_case(case) -> list[tuple]:
    """(when, who, institution) for every opening of the case, newest first: what the
    citizen sees on their case page."""
    return db.session.execute(
        select(AccessLogEntry.at, User.name, User.deleted_at, Institution.acronym,
               Institution.name)
        .outerjoin(User, User.id == AccessLogEntry.viewer_id)
        .outerjoin(Institution, Institution.id == AccessLogEntry.institution_id)
        .where(AccessLogEntry.case_id == case.id)
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())).all()


def institution_log_query(institution: Institution):
    """The institution's access log for its administrators, newest first."""
    return (select(AccessLogEntry)
            .options(selectinload(AccessLogEntry.viewer), selectinload(AccessLogEntry.case),
                     selectinload(AccessLogEntry.subject))
            .where(AccessLogEntry.institution_id == institution.id)
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()))
