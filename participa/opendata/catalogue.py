"""The catalogue of Participa's open data, assembled from every source, and its RDF
serialisations (rdflib reads the JSON-LD and writes Turtle or RDF/XML)."""
from __future__ import annotations

import json
from datetime import date

from flask import url_for
from flask_babel import gettext

from participa.opendata import dcat, sources


def document(today: date, language: str) -> dict:
    entries = (sources.figures(today) + sources.channels(today) + sources.indicators(today)
               + sources.observatory_tables(today) + sources.consultation_tables(today))
    return dcat.build(
        iri=sources.catalogue_iri(),
        title=gettext("Open data of Participa"),
        description=gettext(
            "The open data of Participa, the e-participation platform of the national "
            "public administration of Ecuador: how institutions answer citizens, the "
            "open-government indicators, requests for open data, registered reuses, and "
            "public consultations with their outcomes. Without personal data, free to reuse "
            "under the Creative Commons Attribution 4.0 licence (CC BY 4.0)."),
        homepage=url_for("open_data.index", _external=True),
        publisher=sources.platform(),
        entries=entries,
        services=sources.services(),
        language=language,
        modified=max((e.modified for e in entries), default=today),
    )


def serialise(doc: dict, rdf_format: str) -> str:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=json.dumps(doc), format="json-ld")
    graph.bind("dcat", "http://www.w3.org/ns/dcat#")
    graph.bind("dct", "http://purl.org/dc/terms/")
    graph.bind("foaf", "http://xmlns.com/foaf/0.1/")
    return graph.serialize(format=rdf_format)
