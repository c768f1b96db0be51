"""The public read API (/api/v1/): consultations, sections, published comments, outcomes,
questions, proposals and institutions, with its OpenAPI 3.1 document. Beside it, under
/api/v1/stats, the figures' API lives in participa.dashboard."""
from flask import Blueprint

bp = Blueprint("public_api", __name__, url_prefix="/api/v1")

from participa.api import views  # noqa: E402,F401
