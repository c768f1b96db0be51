"""Consultation pages: each view loads its objects, asks authz, calls the service, commits."""
from participa.consultations.views import comments, outcome, public, publishing  # noqa: F401
