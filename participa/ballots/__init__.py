"""Closed questions inside consultations and secret ballots of verified citizens."""
from flask import Blueprint

bp = Blueprint("ballots", __name__)


@bp.app_context_processor
def _ballot_panel():
    from participa.ballots.views import ballot_panel

    return {"ballot_panel": ballot_panel}


from participa.ballots import views  # noqa: E402,F401
