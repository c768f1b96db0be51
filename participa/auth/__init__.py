"""Accounts: registration, sign-in, sign-out and password reset."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/cuenta")

from participa.auth import guards, security_views, views  # noqa: E402,F401
