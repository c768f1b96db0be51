"""Case figures per institution for the rector ministry (/casos/estadisticas): counts only,
no case content. They are the dashboard's figures (participa.dashboard.service), read from
the same report, so that both pages give the same number for the same figure and period;
the methodology page defines each one."""
from __future__ import annotations

import hashlib
from datetime import date

from participa.dashboard import service
from participa.dashboard.statistics import Period


def institution_figures(period: Period, today: date) -> tuple[service.Report, list[service.Row]]:
    """The report of the period and its rows by acronym."""
    report = service.build(period, today)
    return report, sorted(report.rows, key=lambda row: row.institution.acronym)


def table_html(report: service.Report, rows: list[service.Row], render) -> str:
    """The table of `rows` as `render()` gives it, kept in the figures cache as long as the
    report it shows: seven hundred numbers formatted for the reader's language cost more
    than the cached report to read. The report is named by when its figures were read, its
    methodology version and revision, the cache generation (a write to what it counts) and
    its national figures (changed by an operator's recompute of a published part)."""
    from flask_babel import get_locale

    from participa.figures_cache import generation, remember

    national = hashlib.sha1(repr((report.national, report.national_scores)).encode())
    key = ":".join(["case-statistics-html", str(report.period.first), str(report.period.last),
                    report.computed_at.isoformat(), report.methodology_version,
                    str(report.revision), generation(), str(get_locale()),
                    national.hexdigest()[:16]])
    return remember(key, render)
