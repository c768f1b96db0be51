"""One definition per figure: every page, file and API that shows the cases received or
resolved in a year gives the same numbers, and each page links to the definition.

The history, in 2025 (a closed year) and around it, with times in UTC (Ecuador is UTC-5):
- MSP: filed 31 December 2024 at 22:00 local (1 January 2025 03:00 UTC): 2024, not 2025.
- MSP: filed 1 January 2025 at 01:00 local: 2025; answered, reopened, answered again and
  resolved in March: one case received, one answered, one resolved (two answer events).
- MSP: filed 31 December 2025 at 23:30 local (1 January 2026 04:30 UTC): 2025, still open.
- MSP: filed in November 2025, resolved in February 2026 (a later period): resolved.
- MSP: filed 1 January 2026 at 00:30 local: 2026.
- MDT: filed in June 2025, transferred to MSP: received by MSP (which holds it now).
- SRI: two cases filed in 2024 and resolved in 2025, one filed in 2025 and still open: SRI
  received one case in 2025 and resolved none of them ("resolved 2 of 1" is impossible).
"""
import csv
import io
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest

from participa.cases import service
from participa.extensions import db

from factories_cases import make_case, make_category

YEAR = "periodo=year&desde=2025-06-15"
EXPECTED = {"MSP": {"received": 4, "resolved": 2}, "MDT": {"received": 0, "resolved": 0},
            "SRI": {"received": 1, "resolved": 0}}
NATIONAL = {"received": 5, "resolved": 2}


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts (headers and data cells alike)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def column(html: str, first: str, header: str) -> dict[str, int]:
    """The column `header` of the table whose first column is `first`, by first cell."""
    for table in Tables(html).tables:
        if table and table[0][0] == first and header in table[0]:
            index = table[0].index(header)
            return {row[0]: number(row[index]) for row in table[1:]}
    raise AssertionError(f"no table with the columns {first!r} and {header!r}")


def figure_rows(html: str) -> dict[str, str]:
    return {row[0]: row[1] for table in Tables(html).tables for row in table if len(row) == 2}


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text.split("(")[0]))


def utc(*args) -> datetime:
    return datetime(*args)


@pytest.fixture
def history(people, institutions, make_institution):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    sri = make_institution("SRI", "Servicio de Rentas Internas")
    salud, trabajo, rentas = (make_category(msp, "Citas"), make_category(mdt, "Empleo"),
                              make_category(sri, "Impuestos"))
    citizen, official, mdt_admin = people["citizen"], people["official_msp"], people["admin_mdt"]

    make_case(citizen, msp, salud, now=utc(2025, 1, 1, 3, 0))
    reopened = make_case(citizen, msp, salud, now=utc(2025, 1, 1, 6, 0))
    service.answer(official, reopened, "Cita asignada.", "Hay turnos.", now=utc(2025, 1, 6, 15))
    service.reopen(citizen, reopened, "No llegó la cita.", now=utc(2025, 1, 8, 15))
    service.answer(official, reopened, "Nueva cita.", "Se corrigió.", now=utc(2025, 1, 9, 15))
    service.confirm(citizen, reopened, 4, now=utc(2025, 3, 3, 15))
    make_case(citizen, msp, salud, now=utc(2026, 1, 1, 4, 30))
    late = make_case(citizen, msp, salud, now=utc(2025, 11, 10, 15))
    service.answer(official, late, "Respuesta.", "Motivos.", now=utc(2026, 2, 2, 15))
    service.confirm(citizen, late, 5, now=utc(2026, 2, 3, 15))
    make_case(citizen, msp, salud, now=utc(2026, 1, 1, 5, 30))
    moved = make_case(citizen, mdt, trabajo, now=utc(2025, 6, 2, 15))
    service.transfer(mdt_admin, moved, msp, "Es materia de salud.", now=utc(2025, 6, 3, 15))

    for day in (2, 3):
        old = make_case(citizen, sri, rentas, now=utc(2024, 12, day, 15))
        service.answer(official, old, "Respuesta.", "Motivos.", now=utc(2025, 1, 6, 15))
        service.confirm(citizen, old, 3, now=utc(2025, 1, 7, 15))
    make_case(citizen, sri, rentas, now=utc(2025, 5, 5, 15))
    db.session.commit()


def test_every_page_and_file_gives_the_same_figures(client, login_as, history):
    login_as("rector")

    summary = client.get(f"/tablero/?{YEAR}&orden=acronym")
    assert summary.status_code == 200
    html = summary.get_data(as_text=True)
    table = column(html, "Institución", "Casos recibidos")
    for acronym, expected in EXPECTED.items():
        assert table[acronym] == expected["received"], ("/tablero/", acronym)
    national = figure_rows(html)
    assert number(national["Casos recibidos"]) == NATIONAL["received"]
    assert number(national["Casos resueltos o cerrados"]) == NATIONAL["resolved"]

    for acronym, expected in EXPECTED.items():
        page = client.get(f"/tablero/institucion/{acronym}?{YEAR}")
        assert page.status_code == 200
        shown = figure_rows(page.get_data(as_text=True))
        assert number(shown["Casos recibidos"]) == expected["received"], acronym
        assert number(shown["Casos resueltos o cerrados"]) == expected["resolved"], acronym

    stats = client.get("/casos/estadisticas?desde=2025-01-01&hasta=2025-12-31")
    assert stats.status_code == 200
    html = stats.get_data(as_text=True)
    received = column(html, "Institución", "Casos recibidos")
    resolved = column(html, "Institución", "Casos resueltos o cerrados")
    for acronym, expected in EXPECTED.items():
        assert received[acronym] == expected["received"], ("stats", acronym)
        assert resolved[acronym] == expected["resolved"], ("stats", acronym)

    api = client.get("/api/v1/stats/institutions?from=2025-01-01&to=2025-12-31").get_json()
    by_acronym = {item["acronym"]: item for item in api["institutions"]}
    for acronym, expected in EXPECTED.items():
        assert by_acronym[acronym]["cases_total"] == expected["received"], ("api", acronym)
        assert by_acronym[acronym]["cases_resolved"] == expected["resolved"], ("api", acronym)
    api_summary = client.get("/api/v1/stats/summary?from=2025-01-01&to=2025-12-31").get_json()
    assert api_summary["cases_total"] == NATIONAL["received"]
    assert api_summary["cases_resolved"] == NATIONAL["resolved"]

    text = client.get(f"/datos/instituciones.csv?{YEAR}").get_data(as_text=True)
    records = {row["institution_acronym"] or "national": row
               for row in csv.DictReader(io.StringIO(text))}
    opened = client.get(f"/datos/instituciones.json?{YEAR}").get_json()
    json_records = {item["institution_acronym"]: item for item in opened["institutions"]}
    for acronym, expected in {**EXPECTED, "national": NATIONAL}.items():
        assert int(records[acronym]["cases_received"]) == expected["received"], acronym
        assert int(records[acronym]["cases_resolved"]) == expected["resolved"], acronym
        item = opened["national"] if acronym == "national" else json_records[acronym]
        assert item["cases_received"] == expected["received"], acronym
        assert item["cases_resolved"] == expected["resolved"], acronym

    # The observatory's yearly scores are the API's national scores of the year.
    scores = client.get("/datos/observatorio/puntajes-participacion.json").get_json()
    text = client.get("/datos/observatorio/puntajes-participacion.csv").get_data(as_text=True)
    of_2025 = {row["series"]: row["value"] for row in csv.DictReader(io.StringIO(text))
               if row["year"] == "2025"}
    for series, key in (("information", "e_informacion"), ("consultation", "e_consulta"),
                        ("decision", "e_decision")):
        expected = api_summary["scores"][key]
        assert (float(of_2025[series]) if of_2025[series] else None) == expected, series
    assert scores


def test_no_institution_resolves_more_cases_than_it_received(client, login_as, history):
    login_as("rector")
    html = client.get("/casos/estadisticas?desde=2025-01-01&hasta=2025-12-31").get_data(
        as_text=True)
    received = column(html, "Institución", "Casos recibidos")
    for acronym, resolved in column(html, "Institución", "Casos resueltos o cerrados").items():
        assert resolved <= received[acronym], acronym


@pytest.mark.parametrize("path", [
    f"/tablero/?{YEAR}", f"/tablero/institucion/MSP?{YEAR}", f"/datos/?{YEAR}",
    "/casos/estadisticas?desde=2025-01-01&hasta=2025-12-31"])
def test_pages_link_each_figure_to_its_definition(client, login_as, history, path):
    login_as("rector")
    html = client.get(path).get_data(as_text=True)
    assert 'href="/datos/metodologia#casos-recibidos"' in html
    assert 'href="/datos/metodologia#casos-resueltos"' in html


def test_the_methodology_page_defines_every_linked_figure(client):
    html = client.get("/datos/metodologia").get_data(as_text=True)
    for anchor in ("casos-recibidos", "casos-respondidos", "casos-resueltos",
                   "casos-abiertos", "casos-vencidos", "tasa-resolucion", "revisiones"):
        assert f'id="{anchor}"' in html, anchor


def _definition_list(html: str) -> dict[str, tuple[str, str]]:
    """{figure name: (anchor it links to or "", value)} of the page's <dt>/<dd> pairs."""
    pairs = {}
    for term, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S):
        link = re.search(r'href="/datos/metodologia#([\w-]+)"', term)
        pairs[re.sub(r"<[^>]+>", "", term).strip()] = (link.group(1) if link else "",
                                                       re.sub(r"<[^>]+>", "", value).strip())
    return pairs


def test_the_public_institution_page_gives_the_apis_figures_and_links_them(client,
                                                                          history):
    """The institution's public page shows this year's figures of the one computation (the
    API's for the same year) and links each to its definition."""
    api = client.get("/api/v1/stats/institutions").get_json()
    msp = next(item for item in api["institutions"] if item["acronym"] == "MSP")
    shown = _definition_list(client.get("/instituciones/MSP").get_data(as_text=True))
    assert number(shown["Recibidos"][1]) == msp["cases_total"]
    assert number(shown["Respondidos"][1]) == msp["cases_answered"]
    assert number(shown["En espera con el plazo vencido"][1]) == msp["cases_overdue"]
    assert {name: anchor for name, (anchor, _) in shown.items()} == {
        "Recibidos": "casos-recibidos", "Respondidos": "casos-respondidos",
        "Respondidos a tiempo": "a-tiempo",
        "En espera con el plazo vencido": "casos-vencidos",
        "Calificación promedio": "calificacion-media"}
    methodology = client.get("/datos/metodologia").get_data(as_text=True)
    for anchor in ("a-tiempo", "calificacion-media"):
        assert f'id="{anchor}"' in methodology, anchor
