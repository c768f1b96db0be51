"""Assisted filing: cases filed for people without internet at a counter, an Infocentro,
by phone or by letter; their receipts, the follow-up without an account and the call list."""
from flask import Blueprint

bp = Blueprint("assisted", __name__, url_prefix="/atencion")

from participa.assisted import views  # noqa: E402,F401
