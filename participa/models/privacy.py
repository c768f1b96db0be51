"""Personal data protection (LOPDP 2021): recorded consents and who opened whose data."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class ConsentPurpose(enum.Enum):
    ACCOUNT = "account"  # registration, or agreeing again to a changed notice
    CASE = "case"  # filing a case, signed in or not


class Consent(db.Model):
    """A person agreed to the privacy notice of `version` at `at`. An anonymous case filer is
    known only by the case."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(
        enum_column_type(ConsentPurpose, "consent_purpose"))
    version: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AccessKind(enum.Enum):
    CASE = "case"  # an official or moderator opened a case page
    USER = "user"  # an administrator opened a person's details


class AccessLogEntry(db.Model):
    """Someone with a role opened personal data: who, in which institution, what, when."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_institution_at", "institution_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    viewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"))
    kind: Mapped[AccessKind] = mapped_column(enum_column_type(AccessKind, "access_kind"))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)

    viewer: Mapped["User | None"] = relationship(foreign_keys=[viewer_id])  # noqa: F821
    institution: Mapped["Institution | None"] = relationship()  # noqa: F821
    case: Mapped["Case | None"] = relationship()  # noqa: F821
    subject: Mapped["User | None"] = relationship(foreign_keys=[subject_id])  # noqa: F821
