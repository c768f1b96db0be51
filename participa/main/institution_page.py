"""What an institution's public page shows: its consultations, its proposals, its case
figures and its published outcomes. The case figures are the dashboard's (participa.
dashboard.service), read for the current year, never counted again here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select

from participa.consultations import service as consultations
from participa.extensions import db
from participa.dashboard import service as figures_service
from participa.dashboard.statistics import Figures, Period, year_period
from participa.main import open_now
from participa.models import Consultation, Institution
from participa.proposals import service as proposals

SHOWN = 10


@dataclass
class InstitutionPage:
    institution: Institution
    consultations: object      # a page of consultations, newest first
    proposals: object          # a page of proposals, most supported first
    period: Period
    case_figures: Figures
    outcomes: list


def build(institution: Institution, today: date) -> InstitutionPage:
    period = year_period(today)
    _, row = figures_service.institution_report(period, today, institution)
    return InstitutionPage(
        institution=institution,
        consultations=consultations.list_public(institution=institution.acronym,
                                                per_page=SHOWN),
        proposals=proposals.list_proposals(institution=institution, per_page=SHOWN),
        period=period, case_figures=row.figures,
        outcomes=open_now.just_published(institution_id=institution.id, limit=SHOWN,
                                         since=open_now.FOREVER),
    )


def next_change(page: InstitutionPage, now: datetime) -> datetime | None:
    """The next moment the page changes by the clock alone: one of the institution's
    consultations is announced, opens, closes or has its outcome published (listed or not:
    a draft becomes public), or a listed proposal's support window ends."""
    def upcoming(column):
        return func.min(case((column > now, column)))

    moments = list(db.session.execute(select(
        upcoming(Consultation.announces_at), upcoming(Consultation.opens_at),
        upcoming(Consultation.closes_at), upcoming(Consultation.outcome_published_at))
        .where(Consultation.institution_id == page.institution.id)).one())
    moments += [p.closes_at for p in page.proposals.items]
    return min((m for m in moments if m is not None and m > now), default=None)
