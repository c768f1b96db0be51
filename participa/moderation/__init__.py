"""Moderation: flags, the per-institution queue, decisions, appeals, bans and spam defences."""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderacion")


@bp.app_context_processor
def _moderation_helpers():
    from participa.moderation import spam
    from participa.moderation.views import nav_pending_count

    from participa.labels import FLAG_REASON_LABELS, REVIEW_STATE_LABELS

    return {"moderation_pending_count": nav_pending_count,
            "honeypot_name": spam.HONEYPOT_FIELD,
            "review_label": lambda state: REVIEW_STATE_LABELS.get(state, state),
            "flag_reason_label": lambda reason: FLAG_REASON_LABELS.get(reason, reason)}


@bp.before_app_request
def _refuse_filled_honeypot():
    from participa.moderation import spam

    return spam.refuse_if_honeypot_filled()


from participa.moderation import views  # noqa: E402,F401
