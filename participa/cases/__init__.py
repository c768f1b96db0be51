"""Contacto Ciudadano: citizens file cases to institutions and follow them to an answer."""
from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/casos")


@bp.app_context_processor
def _case_labels():
    from participa.cases.places import lineage
    from participa.labels import CASE_EVENT_LABELS, CASE_STATE_LABELS, CASE_TYPE_LABELS

    def place_names(code: str) -> list[str]:
        """Parish, canton, province: the names of a place and of those that contain it."""
        return [place.name for place in reversed(lineage(code)) if place is not None]

    return {"case_state_labels": CASE_STATE_LABELS, "case_type_labels": CASE_TYPE_LABELS,
            "case_event_labels": CASE_EVENT_LABELS, "place_names": place_names}


from participa.cases import commands, legal_views, office, reply_views, views  # noqa: E402,F401
from participa.cases import priority_views  # noqa: E402,F401
