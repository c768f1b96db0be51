"""Contacto Ciudadano: citizens file cases to institutions and follow them to an answer."""
from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/casos")


@bp.context_processor
def _case_labels():
    from participa.labels import CASE_EVENT_LABELS, CASE_STATE_LABELS, CASE_TYPE_LABELS

    return {"case_state_labels": CASE_STATE_LABELS, "case_type_labels": CASE_TYPE_LABELS,
            "case_event_labels": CASE_EVENT_LABELS}


from participa.cases import commands, legal_views, office, reply_views, views  # noqa: E402,F401
