"""Transparency (LOTAIP): the annual report on information requests, the index of reserved
information and the classification records behind it, and the rector ministry's view of
which reports were submitted."""
from flask import Blueprint

bp = Blueprint("transparency", __name__, url_prefix="/transparencia")

from participa.transparency import views  # noqa: E402,F401
