"""The DCAT-AP catalogue: read as RDF (as harvesters read it), it conforms to SEMIC's DCAT-AP
3.0.0 SHACL shapes, and CKAN's DCAT harvester gets datasets, resources and licences out."""
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from factories_opendata import public_world  # noqa: F401

SHAPES = Path(__file__).parent / "data" / "dcat-ap-3.0.0-SHACL.ttl"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"


def graph_of(client, url="/datos/catalogo.json", rdf_format="json-ld", **kwargs) -> Graph:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.get_data(as_text=True), format=rdf_format,
                publicID="http://localhost/")
    return graph


def test_every_address_in_the_catalogue_is_a_resource(client, institutions):
    graph = graph_of(client)
    for predicate in (DCAT.accessURL, DCAT.downloadURL, DCTERMS.license, DCTERMS.conformsTo,
                      Namespace("http://xmlns.com/foaf/0.1/").homepage):
        values = list(graph.objects(None, predicate))
        assert values, predicate
        assert all(isinstance(v, URIRef) for v in values), (predicate, values[:2])


def test_media_types_frequencies_and_description_come_from_the_vocabularies(
        client, institutions):
    graph = graph_of(client)
    media_types = set(graph.objects(None, DCAT.mediaType))
    assert URIRef(IANA + "text/csv") in media_types
    assert all(str(m).startswith(IANA) for m in media_types)
    frequencies = set(graph.objects(None, DCTERMS.accrualPeriodicity))
    assert frequencies == {URIRef(EU + "frequency/UPDATE_CONT")}
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert graph.value(catalogue, DCTERMS.description)
    assert set(graph.objects(None, DCTERMS.license)) == {URIRef(EU + "licence/CC_BY_4_0")}


@pytest.mark.parametrize("url, rdf_format", [
    ("/datos/catalogo.jsonld", "json-ld"), ("/datos/catalogo.json", "json-ld"),
    ("/datos/catalogo.ttl", "turtle"), ("/datos/catalogo.rdf", "xml")])
def test_the_catalogue_conforms_to_dcat_ap_3(client, public_world, url, rdf_format):
    from pyshacl import validate

    graph = graph_of(client, url, rdf_format)
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, report = validate(graph, shacl_graph=shapes)
    assert conforms, report


# CKAN's default licence register entry for CC BY (ckan/model/license.py): ckanext-dcat's
# `_license` matches a distribution's licence by URI, then by the licence's dct:title.
CKAN_LICENCES = {"cc-by": ("http://www.opendefinition.org/licenses/cc-by",
                           "Creative Commons Attribution")}


def harvest(graph: Graph) -> list[dict]:
    """Datasets as ckanext-dcat's DCAT-AP profile (profiles/euro_dcat_ap_base.py,
    `_parse_dataset_base`) turns them into CKAN packages: title, notes, tags, license_id and
    one resource per distribution (url from downloadURL or accessURL, format, mimetype)."""
    by_uri = {uri: key for key, (uri, _) in CKAN_LICENCES.items()}
    by_title = {title: key for key, (_, title) in CKAN_LICENCES.items()}

    def value(subject, predicate):
        found = graph.value(subject, predicate)
        return str(found) if found is not None else None

    packages = []
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        package = {"title": value(dataset, DCTERMS.title),
                   "notes": value(dataset, DCTERMS.description),
                   "tags": sorted(str(k) for k in graph.objects(dataset, DCAT.keyword)),
                   "license_id": "", "resources": []}
        for distribution in graph.objects(dataset, DCAT.distribution):
            licence = graph.value(distribution, DCTERMS.license)
            if licence is not None and not package["license_id"]:
                package["license_id"] = (by_uri.get(str(licence))
                                         or by_title.get(value(licence, DCTERMS.title), ""))
            package["resources"].append({
                "url": value(distribution, DCAT.downloadURL)
                or value(distribution, DCAT.accessURL),
                "mimetype": value(distribution, DCAT.mediaType),
                "format": value(distribution, DCTERMS.format)})
        packages.append(package)
    return packages


def test_ckan_harvests_titles_descriptions_resources_and_licences(client, public_world):
    graph = graph_of(client, "/datos/catalogo.jsonld", headers={"Accept-Language": "en"})
    packages = {p["title"]: p for p in harvest(graph)}
    figures = packages["Figures per institution and national"]
    assert figures["notes"].startswith("The figures of Contacto Ciudadano")
    assert figures["license_id"] == "cc-by" and "e-participación" in figures["tags"]
    urls = {r["url"]: r for r in figures["resources"]}
    csv = urls["http://localhost/datos/instituciones.csv"]
    assert csv["mimetype"] == IANA + "text/csv" and csv["format"].endswith("/CSV")
    outcome = packages["Outcome of the consultation “Reglamento de historia clínica”"]
    assert {r["format"].rsplit("/", 1)[1] for r in outcome["resources"]} \
        == {"CSV", "JSON", "XLSX"} and len(outcome["resources"]) == 6
    for package in packages.values():
        assert package["title"] and package["notes"] and package["license_id"] == "cc-by"
        assert package["resources"]
        for resource in package["resources"]:
            assert client.get(resource["url"].replace("http://localhost", "")) \
                .status_code == 200, resource["url"]


def test_the_kept_catalogue_lists_a_new_outcome_at_once(app, client, institutions):
    from datetime import timedelta

    from participa.extensions import cache, db
    from participa.models import Consultation
    from participa.timeutil import utcnow

    now = utcnow()
    item = Consultation(institution=institutions["MSP"], title="Reglamento de turnos",
                        summary="Resumen.", topic="Salud", body_markdown="Texto.",
                        opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10))
    db.session.add(item)
    db.session.commit()
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        listed = f"participa-consulta-{item.id}-resultado"
        assert listed not in client.get("/datos/catalogo.jsonld").get_data(as_text=True)
        item.outcome_summary = "Se incorporaron los aportes."
        item.outcome_published_at = now - timedelta(minutes=1)
        db.session.commit()  # an official publishes the outcome: harvesters see it at once
        for url in ("/datos/catalogo.jsonld", "/datos/catalogo.ttl"):
            assert listed in client.get(url).get_data(as_text=True)
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()
