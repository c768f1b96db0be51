"""The rector ministry's dashboard (/tablero) and the public open data (/datos)."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/tablero")
open_data_bp = Blueprint("open_data", __name__, url_prefix="/datos")

from participa.dashboard import views  # noqa: E402,F401
