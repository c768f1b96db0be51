"""Translated names of the levels and the verification methods."""
from flask_babel import lazy_gettext as _l

from participa.models import Level, VerificationMethod

LEVEL_LABELS = {
    Level.EMAIL_CONFIRMED: _l("Email address confirmed"),
    Level.CEDULA_DECLARED: _l("Cédula declared"),
    Level.IDENTITY_VERIFIED: _l("Identity verified"),
}

# Who may vote or support at a level: shown next to a question or a proposal.
NEEDED_LABELS = {
    Level.CEDULA_DECLARED: _l("People who declared their cédula"),
    Level.IDENTITY_VERIFIED: _l("People whose identity was verified"),
}

METHOD_LABELS = {
    VerificationMethod.CENSUS: _l("Census file"),
    VerificationMethod.IN_PERSON: _l("In person"),
    VerificationMethod.REGISTRY: _l("Civil registry"),
}


def level_label(level) -> str:
    return str(LEVEL_LABELS.get(level, _l("Email address not confirmed")))


def needed_label(level) -> str:
    return str(NEEDED_LABELS.get(level, level))


def method_label(method) -> str:
    return str(METHOD_LABELS.get(method, method))
