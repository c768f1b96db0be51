"""/datos/catalogo.jsonld, .ttl and .rdf: the DCAT-AP catalogue in three serialisations."""
from __future__ import annotations

import json

from flask import Response
from flask_babel import get_locale

from participa.cases.businessdays import local_date
from participa.opendata import bp, catalogue
from participa.timeutil import utcnow

JSONLD = "application/ld+json"


def _language() -> str:
    return str(get_locale() or "es").split("_")[0]


def document() -> dict:
    return catalogue.document(local_date(utcnow()), _language())


@bp.route("/catalogo.jsonld")
def catalogue_jsonld():
    return Response(json.dumps(document(), ensure_ascii=False), mimetype=JSONLD)


@bp.route("/catalogo.ttl")
def catalogue_turtle():
    return Response(catalogue.serialise(document(), "turtle"),
                    mimetype="text/turtle")


@bp.route("/catalogo.rdf")
def catalogue_rdfxml():
    return Response(catalogue.serialise(document(), "pretty-xml"),
                    mimetype="application/rdf+xml")
