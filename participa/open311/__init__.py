"""Open311 GeoReport v2 API for cases: services are institution categories, requests are
cases. https://wiki.open311.org/GeoReport_v2"""
from flask import Blueprint

from participa.extensions import csrf

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)  # API clients authenticate with api_key, not with a browser session

from participa.open311 import views  # noqa: E402,F401
