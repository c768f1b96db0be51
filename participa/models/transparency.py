"""Transparency (LOTAIP): the institution's classifications of reserved information and the
submissions of its annual report to the Defensoría del Pueblo."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.timeutil import utcnow


class ReservedClassification(db.Model):
    """A resolution that classified a body of information as reserved. The index of reserved
    information lists these records (what was classified, by which resolution, until when),
    never the information itself."""

    __tablename__ = "reserved_classifications"
    __table_args__ = (
        UniqueConstraint("institution_id", "resolution_number"),
        CheckConstraint("valid_until >= classified_on", name="valid_after_classified"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    resolution_number: Mapped[str] = mapped_column(String(80))
    topic: Mapped[str] = mapped_column(String(300))  # what was classified, not its content
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    classified_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    institution: Mapped["Institution"] = relationship()  # noqa: F821

    def in_force(self, day: date) -> bool:
        return self.classified_on <= day <= self.valid_until


class LotaipReportSubmission(db.Model):
    """An institution's annual LOTAIP report for `year`, submitted on `submitted_on`."""

    __tablename__ = "lotaip_report_submissions"
    __table_args__ = (UniqueConstraint("institution_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    submitted_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    institution: Mapped["Institution"] = relationship()  # noqa: F821
