"""Personal data protection (LOPDP 2021): the privacy notice and consent, a person's own data,
profile correction and account deletion, retention of closed cases, and the access log."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)

from participa.privacy import commands, exporters, guards, views  # noqa: E402,F401
