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



def table_html(report: service.Report, rows: list[service.Row], render) -> str:
    """The table of `rows` as `render()` gives it, kept as long as the report it shows:
    seven hundred numbers formatted for the reader's language cost more than the cached
    report to read."""
    from flask_babel import get_locale

    from participa.dashboard import rendered

    return rendered.of_report("case-statistics-html", report, render, str(get_locale()))
