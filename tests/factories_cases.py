"""Factories for case tests: categories, settings and cases in a chosen state."""
from __future__ import annotations

from datetime import datetime
from email import message_from_bytes
from email.policy import default as default_policy

from participa.cases import service
from participa.extensions import db
from participa.models import CaseCategory, CaseSettings, CaseType


def make_category(institution, name="Atención al usuario", deadline_days=30) -> CaseCategory:
    category = CaseCategory(institution=institution, name=name, deadline_days=deadline_days)
    db.session.add(category)
    db.session.commit()
    return category


def allow_anonymous(institution, reopen_days=15) -> None:
    db.session.merge(CaseSettings(institution_id=institution.id, allows_anonymous=True,
                                  reopen_days=reopen_days))
    db.session.commit()


def make_case(citizen, institution, category, *, subject="Demora en la cita médica",
              contact_email=None, now: datetime | None = None, case_type=CaseType.COMPLAINT):
    case = service.file_case(citizen, institution, category_id=category.id, case_type=case_type,
                             subject=subject,
                             description="Solicité una cita hace dos meses y no me la asignan.",
                             contact_email=contact_email, now=now)
    db.session.commit()
    return case


def read_mails(tmp_path):
    """The messages the file mail sender wrote during the test, oldest first."""
    paths = sorted((tmp_path / "mail").glob("*.eml"))
    return [message_from_bytes(path.read_bytes(), policy=default_policy) for path in paths]
