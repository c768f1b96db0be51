"""Gestión: one workspace per institution for the people who work for it, today's work first."""
from flask import Blueprint

bp = Blueprint("workspace", __name__, url_prefix="/gestion")

from participa.workspace import views  # noqa: E402,F401
