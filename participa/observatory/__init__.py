"""The open government observatory (/observatorio): citizens' requests for open data,
registered reuses of open data, and the national plan's open-government indicators, with
their open data under /datos/observatorio."""
from flask import Blueprint

bp = Blueprint("observatory", __name__, url_prefix="/observatorio")
data_bp = Blueprint("observatory_data", __name__, url_prefix="/datos/observatorio")


@bp.context_processor
def _labels():
    from participa.observatory import labels

    return {"request_state_labels": labels.REQUEST_STATE_LABELS,
            "reuse_kind_labels": labels.REUSE_KIND_LABELS,
            "review_labels": labels.REVIEW_LABELS,
            "norm_kind_labels": labels.NORM_KIND_LABELS}


from participa.observatory import views, views_admin, views_data, views_reuses  # noqa: E402,F401
