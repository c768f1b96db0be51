"""Citizen proposals: submitted to an institution, supported by verified citizens, answered
by the institution once they reach its threshold in time."""
from flask import Blueprint

bp = Blueprint("proposals", __name__, url_prefix="/propuestas")


@bp.context_processor
def _labels():
    from participa import labels

    return {"state_labels": labels.PROPOSAL_STATE_LABELS,
            "topic_labels": labels.TOPIC_LABELS,
            "outcome_labels": labels.ANSWER_OUTCOME_LABELS,
            "moderation_labels": labels.MODERATION_LABELS}


from participa.proposals import cli, comment_views, views  # noqa: E402,F401
