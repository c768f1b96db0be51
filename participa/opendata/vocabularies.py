"""The controlled vocabularies a DCAT-AP catalogue points to, as IRIs.

EU vocabularies (publications.europa.eu/resource/authority) for licences, file types,
frequencies, languages, countries and data themes; IANA for media types. Each node carries
its class so that the catalogue validates on its own, without the vocabularies loaded.
"""
from __future__ import annotations

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

LICENCE = EU + "licence/CC_BY_4_0"
# The licence's own address: what people read, and what CKAN's licence register knows.
LICENCE_PAGE = "https://creativecommons.org/licenses/by/4.0/"
# CKAN's licence register matches a licence by its URI or by its title; "Creative Commons
# Attribution" is the title of its "cc-by" entry.
LICENCE_TITLE = "Creative Commons Attribution"

CONTINUOUS = EU + "frequency/UPDATE_CONT"
SPANISH = EU + "language/SPA"
ENGLISH = EU + "language/ENG"
ECUADOR = EU + "country/ECU"
GOVERNMENT = EU + "data-theme/GOVE"   # Government and public sector
SOCIETY = EU + "data-theme/SOCI"      # Population and society
THEMES = EU + "data-theme"

# Format name -> (IANA media type, EU file type)
FORMATS = {
    "CSV": (IANA + "text/csv", EU + "file-type/CSV"),
    "JSON": (IANA + "application/json", EU + "file-type/JSON"),
    "XLSX": (IANA + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             EU + "file-type/XLSX"),
}


def nodes() -> list[dict]:
    """The vocabulary terms the catalogue uses, typed, with a label."""
    result = [
        {"@id": LICENCE, "@type": "dct:LicenseDocument", "dct:title": LICENCE_TITLE,
         "owl:sameAs": {"@id": LICENCE_PAGE}},
        {"@id": CONTINUOUS, "@type": "dct:Frequency"},
        {"@id": SPANISH, "@type": "dct:LinguisticSystem"},
        {"@id": ENGLISH, "@type": "dct:LinguisticSystem"},
        {"@id": ECUADOR, "@type": "dct:Location"},
        {"@id": THEMES, "@type": "skos:ConceptScheme", "dct:title": "Data theme"},
    ]
    for theme, label in ((GOVERNMENT, "Government and public sector"),
                         (SOCIETY, "Population and society")):
        result.append({"@id": theme, "@type": "skos:Concept", "skos:prefLabel": label,
                       "skos:inScheme": {"@id": THEMES}})
    for media_type, file_type in FORMATS.values():
        result.append({"@id": media_type, "@type": "dct:MediaType"})
        result.append({"@id": file_type, "@type": "dct:MediaTypeOrExtent"})
    return result
