"""What the catalogue lists: every open data file of Participa as a dataset, and the APIs
that serve them. Each function returns catalogue entries (participa.opendata.dcat)."""
from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext

from participa.opendata import vocabularies as voc
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


def channels(today: date) -> list[Entry]:
    """Cases by the channel they came in by (online, or filed for a person at a counter,
    an Infocentro, by phone or by letter), per institution."""
    return [Entry(
        identifier="participa-canales",
        title=gettext("Cases by channel per institution"),
        description=gettext(
            "How many cases each institution received online, at a counter, at an "
            "Infocentro, by phone and by letter, and how many got an answer, without "
            "personal data, under the Creative Commons Attribution 4.0 licence (CC BY 4.0)."),
        publisher=platform(),
        files=[File("CSV", url_for("open_data.channels_file", fmt="csv", _external=True)),
               File("XLSX", url_for("open_data.channels_file", fmt="xlsx", _external=True))],
        modified=today,
        landing_page=url_for("open_data.index", _external=True),
        keywords=["Contacto Ciudadano", "Infocentro", "canales de atención"],
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
    from participa.opendata import tables

    iri = catalogue_iri()
    return [Service(
        iri=f"{iri}#api-estadisticas",
        title=gettext("API of the figures"),
        description=gettext("The figures per institution and national as JSON, for any "
                            "period."),
        endpoint=url_for("stats_api.institutions", _external=True),
        serves=["participa-instituciones"],
        description_url=url_for("public_api.openapi_document", _external=True),
    ), Service(
        iri=f"{iri}#api-publica",
        title=gettext("Public API"),
        description=gettext(
            "Everything public on Participa, read-only: institutions, consultations with "
            "their sections, published comments (authors as pseudonyms), outcomes and "
            "questions, and proposals with their supports and answers. Lists are read in "
            "id order, a page at a time: follow `next`. Free to reuse under CC BY 4.0."),
        endpoint=url_for("public_api.docs", _external=True),
        serves=["participa-consultas"] + [
            f"participa-consulta-{c.id}-resultado" for c in tables.published_outcomes()],
        description_url=url_for("public_api.openapi_document", _external=True),
    )]


def _files(endpoint: str, **values) -> list[File]:
    return [File(fmt, url_for(endpoint, fmt=fmt.lower(), _external=True, **values))
            for fmt in FILE_FORMATS]


def _latest(*moments) -> date | None:
    from participa.cases.businessdays import local_date

    found = [m for m in moments if m is not None]
    return local_date(max(found)) if found else None


def observatory_tables(today: date) -> list[Entry]:
    from sqlalchemy import func, select

    from participa.extensions import db
    from participa.models import DataRequest, DataRequestAnswer, Reuse
    from participa.models.observatory import ReviewStatus
    from participa.opendata import tables

    requests_modified = _latest(
        db.session.scalar(select(func.max(DataRequest.created_at))),
        db.session.scalar(select(func.max(DataRequestAnswer.at)))) or today
    reuses_modified = _latest(db.session.scalar(
        select(func.max(Reuse.reviewed_at)).where(Reuse.status == ReviewStatus.APPROVED))) \
        or today
    return [
        Entry(identifier="participa-solicitudes-datos",
              title=gettext("Requests for open data"),
              description=gettext(
                  "Every request for open data made to an institution on Participa: what "
                  "was asked, its state, the dates it was made, owed and first answered, "
                  "its supports and the address of the data once published. Without the "
                  "names of the people who asked."),
              publisher=platform(), files=_files("catalogue.data_requests"),
              modified=requests_modified,
              landing_page=url_for("observatory.requests_index", _external=True),
              keywords=["datos abiertos", "solicitudes", "observatorio"],
              version=tables.SCHEMA_VERSION),
        Entry(identifier="participa-reutilizaciones",
              title=gettext("Registered reuses of open data"),
              description=gettext(
                  "Applications, studies, news and visualisations made with open data, "
                  "registered on Participa and approved: their address, kind, the "
                  "institutions whose data they use and the data sets."),
              publisher=platform(), files=_files("catalogue.reuses"),
              modified=reuses_modified,
              landing_page=url_for("observatory.reuses_index", _external=True),
              keywords=["datos abiertos", "reutilización", "observatorio"],
              version=tables.SCHEMA_VERSION),
    ]


def consultation_tables(today: date) -> list[Entry]:
    from participa.opendata import tables

    entries = [Entry(
        identifier="participa-consultas",
        title=gettext("Public consultations"),
        description=gettext(
            "Every public consultation once open: institution, title, topic, dates, phase, "
            "number of comments and of participants, and the date its outcome was "
            "published."),
        publisher=platform(), files=_files("catalogue.consultations"), modified=today,
        landing_page=url_for("consultations.index", _external=True),
        keywords=["consulta pública", "e-consulta", "participación ciudadana"],
        version=tables.SCHEMA_VERSION, themes=(voc.GOVERNMENT, voc.SOCIETY))]
    for consultation in tables.published_outcomes():
        values = {"consultation_id": consultation.id}
        entries.append(Entry(
            identifier=f"participa-consulta-{consultation.id}-resultado",
            title=gettext("Outcome of the consultation “%(title)s”",
                          title=consultation.title),
            description=gettext(
                "What the institution did with what it heard in the consultation: the "
                "outcome of every section and of every published comment (incorporated, "
                "partly incorporated or not incorporated) and why. Without authors."),
            publisher=institution_agent(consultation.institution),
            files=[File(f.format, f.url, gettext("Outcome per section"))
                   for f in _files("catalogue.outcome_sections", **values)]
            + [File(f.format, f.url, gettext("Outcome per comment"))
               for f in _files("catalogue.outcome_comments", **values)],
            modified=_latest(consultation.outcome_published_at) or today,
            landing_page=url_for("consultations.show", _external=True, **values),
            keywords=["consulta pública", "e-decisión", "resultado"],
            version=tables.SCHEMA_VERSION, themes=(voc.GOVERNMENT, voc.SOCIETY)))
    return entries

