"""What the catalogue lists: every open data file of Participa as a dataset, and the APIs
that serve them. Each function returns catalogue entries (participa.opendata.dcat)."""
from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext

from participa.opendata.dcat import Agent, Entry, File, Service

FILE_FORMATS = ("CSV", "JSON", "XLSX")


def catalogue_iri() -> str:
    return url_for("catalogue.catalogue_jsonld", _external=True)


def platform() -> Agent:
    """The publisher of the national figures: the platform, run by the rector ministry."""
    return Agent(iri=url_for("open_data.index", _external=True) + "#participa",
                 name="Participa")


def institution_agent(institution) -> Agent:
    return Agent(iri=url_for("catalogue.catalogue_jsonld", _external=True)
                 + f"#institucion-{institution.acronym}", name=institution.name)


def figures(today: date) -> list[Entry]:
    from participa.dashboard import open_data

    return [Entry(
        identifier="participa-instituciones",
        title=gettext("Figures per institution and national"),
        description=gettext(
            "The figures of Contacto Ciudadano and the participation scores of every "
            "institution, without personal data, free to reuse under the Creative Commons "
            "Attribution 4.0 licence (CC BY 4.0)."),
        publisher=platform(),
        files=[File("CSV", url_for("open_data.institutions_csv", _external=True)),
               File("JSON", url_for("open_data.institutions_json", _external=True))],
        modified=today,
        landing_page=url_for("open_data.index", _external=True),
        keywords=["Contacto Ciudadano", "e-participación", "e-información", "e-consulta",
                  "e-decisión"],
        conforms_to=url_for("open_data.methodology", _external=True),
        version=open_data.SCHEMA_VERSION,
    )]


def indicators(today: date) -> list[Entry]:
    from participa.observatory import indicators as observatory

    return [Entry(
        identifier=f"participa-observatorio-{slug}",
        title=str(observatory.TITLES[slug]),
        description=gettext(
            "An indicator of the national plan's open-government strategy: baseline, "
            "target, current value and value by year."),
        publisher=platform(),
        files=[File("CSV", url_for("observatory_data.indicator_csv", slug=slug,
                                   _external=True)),
               File("JSON", url_for("observatory_data.indicator_json", slug=slug,
                                    _external=True))],
        modified=today,
        landing_page=url_for("observatory.index", _external=True),
        keywords=["gobierno abierto", "datos abiertos", "observatorio"],
        conforms_to=url_for("observatory.index", _external=True),
        version=observatory.SCHEMA_VERSION,
    ) for slug in observatory.SLUGS]


def services() -> list[Service]:
    iri = catalogue_iri()
    return [Service(
        iri=f"{iri}#api-estadisticas",
        title=gettext("API of the figures"),
        description=gettext("The figures per institution and national as JSON, for any "
                            "period."),
        endpoint=url_for("stats_api.institutions", _external=True),
        serves=["participa-instituciones"],
    )]
