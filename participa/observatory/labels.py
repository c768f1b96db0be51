"""Translated names of the observatory's states and kinds."""
from flask_babel import lazy_gettext as _l

from participa.models import DataRequestState, NormKind, ReuseKind, ReviewStatus

REQUEST_STATE_LABELS = {
    DataRequestState.OPEN: _l("Waiting for the institution's answer"),
    DataRequestState.PLANNED: _l("Publication planned"),
    DataRequestState.PUBLISHED: _l("Data set published"),
    DataRequestState.REFUSED: _l("Request refused"),
}

REUSE_KIND_LABELS = {
    ReuseKind.APPLICATION: _l("Application"),
    ReuseKind.STUDY: _l("Study"),
    ReuseKind.NEWS: _l("News story"),
    ReuseKind.VISUALISATION: _l("Visualisation"),
    ReuseKind.OTHER: _l("Other kind of reuse"),
}

REVIEW_LABELS = {
    ReviewStatus.PENDING: _l("Waiting for review"),
    ReviewStatus.APPROVED: _l("Reuse approved and public"),
    ReviewStatus.REJECTED: _l("Reuse not approved"),
}

NORM_KIND_LABELS = {
    NormKind.E_PARTICIPATION: _l("Norm issued for e-participation"),
    NormKind.DATA_PROTECTION: _l("Norm issued for personal-data protection"),
}
