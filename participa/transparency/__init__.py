"""Transparency (LOTAIP): the annual report on information requests, the index of reserved
information and the classification records behind it, and the rector ministry's view of
which reports were submitted."""
from flask import Blueprint

bp = Blueprint("transparency", __name__, url_prefix="/transparencia")


@bp.app_context_processor
def _report_year():
    def last_year() -> int:
        """The year whose report is due next January: the one before today's."""
        from participa.cases.businessdays import local_date
        from participa.timeutil import utcnow

        return local_date(utcnow()).year - 1

    return {"last_year": last_year}

from participa.transparency import exporters, views  # noqa: E402,F401
