"""The dashboard's charts and each institution's own figures beside the national median,
on the hand-built March 2025 history of tests/test_dashboard.py.

March medians over MDT, MSP and SRI (worked out from the figures checked there):
- cases received 1, 4 and 0: median 1;
- resolution rate MDT 0 %, MSP 75 %, SRI none: median 37.5 %;
- first response on time MDT 100 %, MSP 66.7 %: median 83.3 %;
- median business days to resolution: only MSP has one, 3;
- e-información: only MSP, 50 %; e-consulta 50 %, 25 %, 0 %: median 25 %;
- e-decisión MSP 70.8 %, MDT 0 %: median 35.4 %; composite 48.6 %, 25 %, 0 %: median 25 %.
"""
from collections import Counter
import re

import pytest

from participa.dashboard.statistics import Figures

from test_dashboard import MARCH, history, text  # noqa: F401 - the fixture is used here

OWN = "/tablero/mi-institucion/MSP" + MARCH


def cells(page: str, label: str, which: int = 0) -> list[str]:
    """The cells of the (first, or `which`) table row headed by `label`."""
    page = re.sub(r">\s+<", "><", page)
    matches = re.findall(r'<th scope="row">' + re.escape(label)
                         + r"</th>((?:<td[^>]*>[^<]*</td>)+)", page)
    assert matches, label
    return re.findall(r"<td[^>]*>([^<]*)</td>", matches[which])


def test_resolution_days_distribution_counts_each_bin():
    figures = Figures(resolution_histogram=Counter([0, 1, 2, 3, 16, 41, 90]))
    assert figures.resolution_days_distribution((1, 3, 6, 11, 21, 41)) == [
        (0, 1, 1), (1, 3, 2), (3, 6, 1), (6, 11, 0), (11, 21, 1), (21, 41, 0), (41, None, 2)]
    assert Figures().resolution_days_distribution((1, 3)) == [(0, 1, 0), (1, 3, 0),
                                                              (3, None, 0)]


def test_the_summary_draws_the_trend_the_resolution_times_and_the_scores(client, login_as,
                                                                          history):
    login_as("rector")
    page = text(client.get("/tablero/?periodo=quarter&desde=2025-03-01"))
    for chart_id in ("trend-national", "resolution-national", "scores-information",
                     "scores-consultation", "scores-decision"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in page
    # The trend: February 1 case (resolved? no, only answered), March 5 cases, 3 resolved.
    assert cells(page, "mar 2025")[:2] == ["5", "3"]
    assert cells(page, "feb 2025")[:2] == ["1", "0"]
    assert cells(page, "ene 2025")[:2] == ["0", "0"]
    # Resolution times of A (2), B (16) and E (3): bins 1–2, 11–20 and 3–5.
    assert cells(page, "1–2") == ["1"] and cells(page, "3–5") == ["1"]
    assert cells(page, "11–20") == ["1"] and cells(page, "0") == ["0"]
    # The 2018 reference figures as lines (and in the tables).
    for reference in ("70,0", "78,3", "54,6"):
        assert f"Referencia 2018: {reference}" in page
    assert "style=" not in page


def test_the_institution_page_draws_its_own_charts(client, login_as, history):
    login_as("rector")
    page = text(client.get("/tablero/institucion/MSP" + MARCH))
    assert 'aria-labelledby="trend-institution-title trend-institution-desc"' in page
    assert 'aria-labelledby="scores-median-title scores-median-desc"' in page
    # MSP in March: 4 received, 3 resolved.
    assert cells(page, "mar 2025")[:2] == ["4", "3"]
    # The scores chart: MSP beside the median of the institutions (not the national score).
    assert cells(page, "e-consulta", -1) == ["25,0%", "25,0%"]


def test_an_empty_period_says_there_is_nothing_to_draw(client, login_as, history):
    login_as("rector")
    page = text(client.get("/tablero/?periodo=year&desde=2020-06-01"))
    assert "No se presentó ningún caso en este período." in page
    assert "Ningún caso de este período se ha resuelto todavía." in page


def test_an_official_sees_the_figures_of_the_institution_beside_the_national_median(
        client, login_as, history):
    login_as("official_msp")
    response = client.get(OWN)
    assert response.status_code == 200
    page = text(response)
    assert "Cifras del Ministerio de Salud Pública" in page
    assert cells(page, "Casos recibidos") == ["4", "1"]
    assert cells(page, "Tasa de resolución") == ["75,0%", "37,5%"]
    # On time: MSP A and E of A, B, C (never answered, past due), E; MDT D of D: median 75 %.
    assert cells(page, "Primera respuesta a tiempo") == ["50,0%", "75,0%"]
    assert cells(page, "Mediana de días hábiles hasta la resolución") == ["3", "3"]
    assert cells(page, "e-información") == ["50,0%", "50,0%"]
    assert cells(page, "e-consulta")[:2] == ["25,0%", "25,0%"]
    assert cells(page, "e-decisión")[:2] == ["70,8%", "35,4%"]
    assert cells(page, "Puntaje compuesto") == ["48,6%", "25,0%"]
    assert 'aria-labelledby="scores-median-title scores-median-desc"' in page


@pytest.mark.parametrize("who", ["citizen", "admin_mdt", "moderator_msp"])
def test_others_may_not_see_the_figures_of_an_institution(client, login_as, history, who):
    login_as(who)
    assert client.get(OWN).status_code == 403


def test_an_administrator_sees_the_figures_of_their_own_institution(client, login_as,
                                                                     history):
    login_as("admin_mdt")
    response = client.get("/tablero/mi-institucion/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/tablero/mi-institucion/MDT")
    page = text(client.get("/tablero/mi-institucion/MDT" + MARCH))
    assert cells(page, "Casos recibidos") == ["1", "1"]
    assert cells(page, "Traslados a otra institución") == ["1", "0"]


def test_a_citizen_has_no_institution_figures(client, login_as, history):
    login_as("citizen")
    assert client.get("/tablero/mi-institucion/").status_code == 403


def test_the_rector_analyst_keeps_the_full_dashboard_and_may_open_the_view(client, login_as,
                                                                          history):
    login_as("rector")
    assert client.get("/tablero/" + MARCH).status_code == 200
    assert client.get(OWN).status_code == 200


def test_the_work_queue_links_to_the_figures(client, login_as, history):
    login_as("official_msp")
    page = text(client.get("/casos/institucion/MSP"))
    assert 'href="/tablero/mi-institucion/MSP"' in page


def test_the_view_speaks_english_too(client, login_as, history):
    login_as("official_msp")
    page = text(client.get(OWN, headers={"Accept-Language": "en"}))
    assert "National median" in page and "Figures of Ministerio de Salud Pública" in page


def test_the_demo_has_a_year_of_history_for_several_institutions(app):
    from sqlalchemy import func, select

    from participa import demo
    from participa.cases.businessdays import local_date
    from participa.dashboard.demo import load_dashboard_demo
    from participa.extensions import db
    from participa.models import Case, CaseEvent, EventKind, Institution
    from participa.timeutil import utcnow

    demo.load()
    db.session.commit()
    history = db.session.execute(
        select(Institution.acronym, Case.created_at).join(Case)
        .where(Case.external_id.like("HIST-%"))).all()
    months_of = {}
    for acronym, created in history:
        day = local_date(created)
        months_of.setdefault(acronym, set()).add((day.year, day.month))
    today = local_date(utcnow())
    last_twelve = set()
    year, month = today.year, today.month
    for _ in range(12):
        last_twelve.add((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    assert sum(1 for months in months_of.values() if last_twelve <= months) >= 5
    # Imported through the importer: every case has its filing event.
    filed = db.session.scalar(select(func.count(CaseEvent.id)).join(Case).where(
        Case.external_id.like("HIST-%"), CaseEvent.kind == EventKind.FILED))
    assert filed == len(history)
    assert load_dashboard_demo() == 0  # once only
