"""Public consultations on draft policy (e-consulta, e-decisión)."""
from flask import Blueprint

bp = Blueprint("consultations", __name__)


@bp.app_context_processor
def _consultation_labels():
    from participa.labels import DECISION_LABELS, PHASE_LABELS, STANCE_LABELS
    from participa.models import Decision, Stance

    return {
        "phase_label": lambda phase: PHASE_LABELS.get(phase, phase),
        "stance_label": lambda stance: STANCE_LABELS.get(stance, stance),
        "decision_label": lambda decision: DECISION_LABELS.get(decision, decision),
        "decisions": list(Decision),
        "stances": Stance,
    }


from participa.consultations import views  # noqa: E402,F401
