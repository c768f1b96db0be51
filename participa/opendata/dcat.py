"""A DCAT-AP 3 catalogue as JSON-LD: datasets, their distributions and the data services.

Every address is typed as an IRI in the context (a harvester reads them as resources, not
as strings); licences, media types, frequencies, languages, places and themes are the EU and
IANA vocabularies' IRIs (participa.opendata.vocabularies).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from participa.opendata import vocabularies as voc

IRI = {"@type": "@id"}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    **{term: IRI for term in (
        "dcat:accessURL", "dcat:downloadURL", "dcat:endpointURL", "dcat:endpointDescription",
        "dcat:landingPage", "dcat:mediaType", "dcat:theme", "dcat:themeTaxonomy",
        "dcat:servesDataset", "dcat:accessService", "dct:license", "dct:conformsTo",
        "dct:format", "dct:accrualPeriodicity", "dct:language", "dct:spatial",
        "dct:publisher", "dct:type", "foaf:homepage", "foaf:page")},
    "dct:modified": {"@type": "xsd:date"},
    "dct:issued": {"@type": "xsd:date"},
}
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/NationalAuthority"


@dataclass
class Agent:
    iri: str
    name: str


@dataclass
class File:
    format: str  # a key of vocabularies.FORMATS
    url: str
    title: str = ""


@dataclass
class Entry:
    """One dataset: what it holds, who publishes it, and its files."""

    identifier: str
    title: str
    description: str
    publisher: Agent
    files: list[File]
    modified: date
    landing_page: str
    keywords: list[str] = field(default_factory=list)
    conforms_to: str | None = None
    version: str | None = None
    themes: tuple[str, ...] = (voc.GOVERNMENT,)


@dataclass
class Service:
    iri: str
    title: str
    description: str
    endpoint: str
    serves: list[str]  # dataset identifiers
    description_url: str | None = None


def _text(value: str, language: str) -> dict:
    return {"@value": value, "@language": language}


def _agent(agent: Agent) -> dict:
    return {"@id": agent.iri, "@type": "foaf:Agent", "foaf:name": agent.name,
            "dct:type": PUBLISHER_TYPE}


def _distribution(file: File, dataset_iri: str, language: str, index: int) -> dict:
    media_type, file_type = voc.FORMATS[file.format]
    node = {"@id": f"{dataset_iri}/{index}", "@type": "dcat:Distribution",
            "dcat:accessURL": file.url, "dcat:downloadURL": file.url,
            "dcat:mediaType": media_type, "dct:format": file_type,
            "dct:license": voc.LICENCE}
    if file.title:
        node["dct:title"] = _text(file.title, language)
    return node


def dataset_iri(base: str, identifier: str) -> str:
    return f"{base}#{identifier}"


def build(*, iri: str, title: str, description: str, homepage: str, publisher: Agent,
          entries: list[Entry], services: list[Service], language: str,
          modified: date) -> dict:
    """The catalogue as one JSON-LD document: the catalogue node, then every node it uses."""
    agents = {publisher.iri: publisher}
    datasets = []
    for entry in entries:
        agents.setdefault(entry.publisher.iri, entry.publisher)
        node_iri = dataset_iri(iri, entry.identifier)
        node = {
            "@id": node_iri, "@type": "dcat:Dataset",
            "dct:identifier": entry.identifier,
            "dct:title": _text(entry.title, language),
            "dct:description": _text(entry.description, language),
            "dct:publisher": entry.publisher.iri,
            "dct:license": voc.LICENCE,
            "dct:accrualPeriodicity": voc.CONTINUOUS,
            "dct:language": [voc.SPANISH, voc.ENGLISH],
            "dct:spatial": voc.ECUADOR,
            "dct:modified": entry.modified.isoformat(),
            "dcat:theme": list(entry.themes),
            "dcat:landingPage": entry.landing_page,
            "dcat:keyword": [_text(k, "es") for k in entry.keywords],  # written in Spanish
            "dcat:distribution": [_distribution(f, node_iri, language, i)
                                  for i, f in enumerate(entry.files, 1)],
        }
        if entry.conforms_to:
            node["dct:conformsTo"] = entry.conforms_to
        if entry.version:
            node["owl:versionInfo"] = entry.version
        datasets.append(node)
    # Addresses of files and endpoints are plain web resources (rdfs:Resource, as the
    # profile's range says): typed here so that the catalogue validates on its own.
    resources = sorted({d["dcat:accessURL"] for n in datasets for d in n["dcat:distribution"]}
                       | {s.endpoint for s in services}
                       | {s.description_url for s in services if s.description_url})
    standards = sorted({d["dct:conformsTo"] for d in datasets if "dct:conformsTo" in d})
    pages = sorted({d["dcat:landingPage"] for d in datasets} | {homepage})
    catalogue = {
        "@id": iri, "@type": "dcat:Catalog",
        "dct:title": _text(title, language),
        "dct:description": _text(description, language),
        "dct:publisher": publisher.iri,
        "dct:license": voc.LICENCE,
        "dct:language": [voc.SPANISH, voc.ENGLISH],
        "dct:spatial": voc.ECUADOR,
        "dct:modified": modified.isoformat(),
        "dcat:themeTaxonomy": voc.THEMES,
        "foaf:homepage": homepage,
        "dcat:dataset": datasets,
        "dcat:service": [{
            "@id": s.iri, "@type": "dcat:DataService",
            "dct:title": _text(s.title, language),
            "dct:description": _text(s.description, language),
            "dcat:endpointURL": s.endpoint,
            **({"dcat:endpointDescription": s.description_url} if s.description_url else {}),
            "dcat:servesDataset": [dataset_iri(iri, i) for i in s.serves],
            "dct:license": voc.LICENCE,
        } for s in services],
    }
    return {
        "@context": CONTEXT,
        "@graph": [catalogue]
        + [_agent(a) for a in agents.values()]
        + [{"@id": url, "@type": "foaf:Document"} for url in pages]
        + [{"@id": url, "@type": "dct:Standard"} for url in standards]
        + [{"@id": url, "@type": "rdfs:Resource"} for url in resources]
        + [{"@id": PUBLISHER_TYPE, "@type": "skos:Concept",
            "skos:prefLabel": {"@value": "National authority", "@language": "en"}}]
        + voc.nodes(),
    }
