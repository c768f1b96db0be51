"""Open data for harvesters: the DCAT-AP catalogue (/datos/catalogo.jsonld, .ttl, .rdf) and
the open data files of the observatory's requests and reuses and of the consultations."""
from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/datos")

from participa.opendata import files, views  # noqa: E402,F401
