"""Published figures: the figures and scores of a closed month, quarter or year, stored once
so that they never change under later data or a later methodology.

One computation of a period is a revision: a national row (institution_id NULL) and one row
per institution, all with the same revision number. The first revision is written when the
period is first read after it closes; an operator's recompute adds the next one with its
reason. Earlier revisions are kept, never edited.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participa.extensions import db
from participa.timeutil import utcnow

PERIOD_KINDS = ("month", "quarter", "year")


class PublishedFigures(db.Model):
    __tablename__ = "published_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(8))  # month, quarter or year
    period_start: Mapped[date]
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    revision: Mapped[int]
    methodology_version: Mapped[str] = mapped_column(String(16))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)  # None for the first publication
    payload: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (
        # One national row per revision: two workers publishing the same period at once
        # cannot both succeed.
        Index("uq_published_figures_national", "period_kind", "period_start", "revision",
              unique=True, sqlite_where=institution_id.is_(None),
              postgresql_where=institution_id.is_(None)),
        Index("ix_published_figures_period", "period_kind", "period_start", "revision",
              "institution_id"),
        db.CheckConstraint("period_kind IN ('month', 'quarter', 'year')",
                           name="ck_published_figures_kind"),
    )
