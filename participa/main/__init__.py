"""Public pages: home, about, the institutions directory, language choice, health check."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from participa.main import views  # noqa: E402,F401
