"""Case figures per institution for the rector ministry (/casos/estadisticas): counts only,
no case content. They are the dashboard's figures (participa.dashboard.service), read from
the same report, so that both pages give the same number for the same figure and period;
the methodology page defines each one."""
from __future__ import annotations

from datetime import date

from participa.dashboard import service
from participa.dashboard.statistics import Period


def institution_figures(period: Period, today: date) -> tuple[service.Report, list[service.Row]]:
    """The report of the period and its rows by acronym."""
    report = service.build(period, today)
    return report, sorted(report.rows, key=lambda row: row.institution.acronym)
