"""An institution's name as a sentence needs it: with its article and preposition in Spanish.

Spanish puts an article before most institution names and contracts it with the preposition
("Presentar un caso al Ministerio de Salud Pública", "Casos de la Secretaría de Educación
Superior", "Casos del MSP"); English uses the bare name ("Submit a case to Ministerio de
Salud Pública"). The article is stored with the institution (`Institution.article`: "el",
"la", "los", "las" or "" for a name read without one) and messages take the institution
already joined to its preposition: a message with `%(to_institution)s` reads
"Submit a case to %(to_institution)s" in English and "Presentar un caso %(to_institution)s"
in Spanish, where the placeholder is "al Ministerio…".
"""
from __future__ import annotations

from flask_babel import get_locale

ARTICLES = ("el", "la", "los", "las", "")

# English preposition (the role of the name in the sentence) -> Spanish preposition.
PREPOSITIONS = {"": "", "The": "", "to": "a", "of": "de", "in": "en", "by": "por", "for": "para",
                "with": "con", "from": "de"}
_CONTRACTIONS = {("a", "el"): "al", ("de", "el"): "del"}

# The first word of a name decides its article when nobody has said otherwise.
_MASCULINE = {"ministerio", "viceministerio", "servicio", "instituto", "consejo", "banco",
              "registro", "gobierno", "consorcio", "centro", "comité", "departamento",
              "fondo", "sistema", "tribunal", "cuerpo", "directorio", "programa",
              "hospital", "observatorio", "parque", "organismo", "despacho", "archivo"}
_FEMININE = {"secretaría", "subsecretaría", "agencia", "superintendencia", "defensoría",
             "corporación", "dirección", "empresa", "procuraduría", "contraloría",
             "fiscalía", "presidencia", "vicepresidencia", "asamblea", "corte", "comisión",
             "unidad", "policía", "junta", "autoridad", "armada", "fuerza", "universidad",
             "escuela", "coordinación", "gobernación", "prefectura", "municipalidad",
             "función", "oficina", "flota", "red", "casa", "academia", "administración"}
_MASCULINE_PLURAL = {"servicios", "institutos", "consejos", "registros", "centros"}
_FEMININE_PLURAL = {"fuerzas", "empresas", "unidades", "secretarías"}


def guess_article(name: str) -> str:
    """The article a Spanish institution name most likely takes; "" when unsure."""
    words = (name or "").split()
    first = words[0].casefold() if words else ""
    if first in _MASCULINE:
        return "el"
    if first in _FEMININE:
        return "la"
    if first in _MASCULINE_PLURAL:
        return "los"
    if first in _FEMININE_PLURAL:
        return "las"
    return ""


def with_article(name: str, article: str, preposition: str = "") -> str:
    """Spanish: the name after its preposition and article, contracted where Spanish does."""
    preposition = PREPOSITIONS.get(preposition, preposition)
    if not article:
        return f"{preposition} {name}".strip()
    joined = _CONTRACTIONS.get((preposition, article))
    if joined:
        return f"{joined} {name}"
    return " ".join(part for part in (preposition, article, name) if part)


def institution_label(institution, role: str = "", *, short: bool = False,
                      locale: str | None = None) -> str:
    """The institution's name (or acronym, `short`) for a message placeholder named after
    `role` ("to", "of", "in", "by", "for", "with", "from"; "" for the name with its article
    alone, where it is the object of the sentence; "The" for the same at the start of a
    sentence, the article in capitals: "El Ministerio…").

    In Spanish the placeholder carries the preposition and the article ("al MSP", "de la
    SENESCYT"); in English, the bare name, the preposition being in the message itself.
    """
    name = institution.acronym if short else institution.name
    language = str(locale or get_locale() or "es")[:2]
    if language != "es":
        return name
    label = with_article(name, institution.article or "", role)
    return label[:1].upper() + label[1:] if role == "The" else label
