"""The rector ministry's dashboard (/tablero), the public open data (/datos) and the JSON
API of the figures (/api/v1/stats)."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/tablero")
open_data_bp = Blueprint("open_data", __name__, url_prefix="/datos")
api_bp = Blueprint("stats_api", __name__, url_prefix="/api/v1/stats")

from participa.dashboard import api, commands, invalidation, views  # noqa: E402,F401
