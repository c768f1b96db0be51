"""/datos/catalogo.jsonld, .ttl and .rdf: the DCAT-AP catalogue in three serialisations."""
from __future__ import annotations

import json

from typing import Callable

from flask import Response, request
from flask_babel import get_locale

from participa.cases.businessdays import local_date
from participa.figures_cache import generation, remember
from participa.opendata import bp, catalogue
from participa.timeutil import utcnow

JSONLD = "application/ld+json"
# Harvesters read the catalogue often; its five queries and the RDF serialisations are
# computed once per minute at most, and afresh after a commit that adds or changes what
# it lists (a new cache generation, see participa.dashboard.invalidation).
CATALOGUE_SECONDS = 60


def _language() -> str:
    return str(get_locale() or "es").split("_")[0]


def document() -> dict:
    return catalogue.document(local_date(utcnow()), _language())


def _kept(fmt: str, make: Callable[[], str]) -> str:
    """The serialisation in `fmt`; its addresses are absolute, so the host is in the key."""
    key = ":".join(["catalogue", fmt, generation(), _language(), str(local_date(utcnow())),
                    request.host_url])
    return remember(key, make, seconds=CATALOGUE_SECONDS)


@bp.route("/catalogo.jsonld")
def catalogue_jsonld():
    return Response(_kept("jsonld", lambda: json.dumps(document(), ensure_ascii=False)),
                    mimetype=JSONLD)


@bp.route("/catalogo.ttl")
def catalogue_turtle():
    return Response(_kept("turtle", lambda: catalogue.serialise(document(), "turtle")),
                    mimetype="text/turtle")


@bp.route("/catalogo.rdf")
def catalogue_rdfxml():
    return Response(_kept("rdf", lambda: catalogue.serialise(document(), "pretty-xml")),
                    mimetype="application/rdf+xml")
