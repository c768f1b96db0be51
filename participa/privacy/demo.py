"""Demo data for personal data protection: the demo people agreed to the current notice,
and officials have opened some of the demo cases."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from participa.extensions import db
from participa.models import (AccessKind, AccessLogEntry, Case, Consent, ConsentPurpose,
                              InstitutionRole, Membership, User)
from participa.privacy.notice import NOTICE_VERSION
from participa.timeutil import utcnow


def load_privacy_demo() -> None:
    if db.session.scalar(select(func.count(Consent.id)).where(
            Consent.purpose == ConsentPurpose.ACCOUNT)):
        return  # already loaded
    now = utcnow()
    for user in db.session.scalars(select(User).where(User.deleted_at.is_(None))):
        db.session.add(Consent(user_id=user.id, purpose=ConsentPurpose.ACCOUNT,
                               version=NOTICE_VERSION, at=user.created_at or now))
    officials = {m.institution_id: m.user_id for m in db.session.scalars(
        select(Membership).where(Membership.role == InstitutionRole.OFFICIAL))}
    cases = db.session.scalars(select(Case).where(Case.citizen_id.is_not(None))
                               .order_by(Case.id).limit(6)).all()
    for offset, case in enumerate(cases):
        viewer = officials.get(case.institution_id)
        if viewer is not None:
            db.session.add(AccessLogEntry(viewer_id=viewer, institution_id=case.institution_id,
                                          kind=AccessKind.CASE, case_id=case.id,
                                          at=now - timedelta(hours=3 * offset + 1)))
    db.session.flush()
