"""The rector ministry's dashboard and the open data: who may see it, and every figure
against values worked out by hand from a small history of cases.

The history (March 2025; Monday 3 and Tuesday 4 are Carnaval, only the 4th is stored as a
holiday here; times are 10:00 in Ecuador, 15:00 UTC):
- A, MSP complaint (deadline 10): filed Mon 3, answered Wed 5 (1 business day), resolved Thu 6
  (2), rated 5.
- B, MSP information request (deadline 10): filed Mon 3, answered Fri 21 (13: late), reopened
  Mon 24, answered Tue 25, resolved Wed 26 (16), rated 2.
- C, filed to MDT Tue 4, transferred to MSP Thu 6: open at MSP, long overdue.
- D, MDT suggestion (deadline 30): filed Mon 10, rejected Tue 11 (1).
- E, imported to MSP, information request in the same category: filed Mon 17, first answer
  Tue 18 (1), resolved Thu 20 (3), rated 4.
- F, MSP, filed Mon 10 February, answered the next day: outside March, inside the quarter.
SRI is active and has no case.
"""
import csv
import io
import json
from datetime import date, datetime

import pytest

from participa import scores
from participa.cases import service
from participa.cases.importer import import_cases
from participa.dashboard.statistics import business_days_between, percentile
from participa.extensions import db
from participa.models import CaseType, Holiday

from factories_cases import make_case, make_category

MARCH = "?periodo=month&desde=2025-03-01"


def at(day: int, month: int = 3) -> datetime:
    return datetime(2025, month, day, 15, 0)


@pytest.fixture
def history(people, institutions, make_institution):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    make_institution("SRI", "Servicio de Rentas Internas")
    db.session.add(Holiday(day=date(2025, 3, 4), name="Carnaval"))
    db.session.commit()
    citas = make_category(msp, "Citas médicas", deadline_days=10)
    trabajo = make_category(mdt, "Derechos laborales", deadline_days=30)
    citizen, official, mdt_admin = people["citizen"], people["official_msp"], people["admin_mdt"]

    a = make_case(citizen, msp, citas, now=at(3))
    service.answer(official, a, "Cita asignada.", "Hay disponibilidad.", now=at(5))
    service.confirm(citizen, a, 5, now=at(6))

    b = make_case(citizen, msp, citas, now=at(3), case_type=CaseType.INFORMATION_REQUEST)
    service.answer(official, b, "Información.", "Consta en el registro.", now=at(21))
    service.reopen(citizen, b, "Falta el anexo.", now=at(24))
    service.answer(official, b, "Con el anexo.", "Se adjunta.", now=at(25))
    service.confirm(citizen, b, 2, now=at(26))

    c = make_case(citizen, mdt, trabajo, now=at(4))
    service.transfer(mdt_admin, c, msp, "Es materia de salud.", now=at(6))

    d = make_case(citizen, mdt, trabajo, now=at(10), case_type=CaseType.SUGGESTION)
    service.reject(mdt_admin, d, "No corresponde a esta cartera.", now=at(11))

    f = make_case(citizen, msp, citas, now=at(10, month=2))
    service.answer(official, f, "Respuesta.", "Motivos.", now=at(11, month=2))
    db.session.commit()

    report = import_cases([
        "external_id,institution_acronym,type,category,created_at,first_response_at,"
        "resolved_at,status,satisfaction",
        "CC-2025-1,MSP,information_request,Citas médicas,2025-03-17T10:00:00-05:00,"
        "2025-03-18T10:00:00-05:00,2025-03-20T10:00:00-05:00,resolved,4",
    ])
    assert report.imported == 1 and not report.errors
    db.session.commit()


def text(response) -> str:
    return response.get_data(as_text=True)


# --- who may see what -------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [
    ("citizen", 403), ("official_msp", 403), ("moderator_msp", 403), ("admin_mdt", 403),
    ("rector", 200), ("platform_admin", 200)])
@pytest.mark.parametrize("page", ["/tablero/", "/tablero/institucion/MSP"])
def test_only_rector_analysts_and_platform_admins_see_the_dashboard(client, login_as, who,
                                                                     status, page):
    login_as(who)
    assert client.get(page).status_code == status


def test_the_dashboard_asks_anonymous_visitors_to_sign_in(client, institutions):
    response = client.get("/tablero/")
    assert response.status_code == 302 and "/cuenta/entrar" in response.headers["Location"]


@pytest.mark.parametrize("page", ["/datos/", "/datos/metodologia", "/datos/instituciones.csv",
                                  "/datos/instituciones.json"])
def test_open_data_is_public(client, institutions, page):
    assert client.get(page).status_code == 200


def test_unknown_institution_is_not_found(client, login_as):
    login_as("rector")
    assert client.get("/tablero/institucion/NOEXISTE").status_code == 404


# --- figures against the hand-built history ---------------------------------------------

def test_business_days_skip_weekends_and_holidays():
    holidays = [date(2025, 3, 4)]
    assert business_days_between(date(2025, 3, 3), date(2025, 3, 3), holidays) == 0
    assert business_days_between(date(2025, 3, 3), date(2025, 3, 5), holidays) == 1
    assert business_days_between(date(2025, 3, 3), date(2025, 3, 21), holidays) == 13
    assert business_days_between(date(2025, 3, 7), date(2025, 3, 10), []) == 1  # Fri → Mon
    assert percentile([1, 1, 1, 13], 90) == 13 and percentile([5], 90) == 5


def _figures(client, period=MARCH):
    response = client.get("/datos/instituciones.json" + period)
    assert response.status_code == 200
    data = response.get_json()
    return data, {row["institution_acronym"]: row for row in data["institutions"]}


def test_march_figures_per_institution_and_national(client, history):
    data, rows = _figures(client)
    assert data["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    msp, mdt, sri, national = rows["MSP"], rows["MDT"], rows["SRI"], data["national"]
    # MSP holds A, B, the transferred C and the imported E.
    assert (msp["cases_received"], msp["cases_answered"], msp["cases_resolved"],
            msp["cases_rejected"], msp["cases_transferred"], msp["cases_open"],
            msp["cases_overdue"]) == (4, 3, 3, 0, 0, 1, 1)
    assert msp["resolution_rate"] == 0.75
    assert msp["on_time_rate"] == 0.5  # A and E of A, B, E and C (never answered, past due)
    assert (msp["median_days_to_first_answer"], msp["p90_days_to_first_answer"]) == (1, 13)
    assert (msp["median_days_to_resolution"], msp["p90_days_to_resolution"]) == (3, 16)
    assert msp["reopen_rate"] == 0.3333
    assert (msp["ratings"], msp["mean_rating"]) == (3, 3.6667)
    # MDT: the rejected D; the transfer of C counts for the sender.
    assert (mdt["cases_received"], mdt["cases_answered"], mdt["cases_rejected"],
            mdt["cases_transferred"], mdt["cases_open"]) == (1, 0, 1, 1, 0)
    assert (mdt["resolution_rate"], mdt["on_time_rate"], mdt["reopen_rate"]) == (0, 1, None)
    assert mdt["median_days_to_resolution"] is None
    assert sri["cases_received"] == 0 and sri["resolution_rate"] is None
    assert (national["cases_received"], national["cases_resolved"],
            national["cases_transferred"], national["cases_overdue"]) == (5, 3, 1, 1)
    assert national["resolution_rate"] == 0.6 and national["on_time_rate"] == 0.6  # 3 of 5
    assert (national["median_days_to_first_answer"], national["p90_days_to_first_answer"]) \
        == (1, 13)


def test_scores_of_the_history_worked_out_by_hand(client, history):
    data, rows = _figures(client)
    msp, mdt, sri = rows["MSP"], rows["MDT"], rows["SRI"]
    # MSP: e-información = on-time information requests 1/2 (B late, E on time) = 0.5;
    # e-consulta = mean(no consultation 0, cases on time 2/4) = 0.25;
    # e-decisión = mean(resolved 3/4, satisfactory 2/3) = 0.708333.
    assert (msp["e_informacion"], msp["e_consulta"], msp["e_decision"]) == (0.5, 0.25, 0.7083)
    composite_msp = (0.5 + 0.25 + (0.75 + 2 / 3) / 2) / 3
    assert msp["composite"] == round(composite_msp, 4)
    # MDT: no information request; e-consulta = mean(0, 1/1); e-decisión = resolved 0/1.
    assert (mdt["e_informacion"], mdt["e_consulta"], mdt["e_decision"]) == (None, 0.5, 0)
    assert mdt["composite"] == 0.25
    # SRI: only "consultations held" can be computed, and it is 0.
    assert (sri["e_informacion"], sri["e_consulta"], sri["e_decision"]) == (None, 0, None)
    assert sri["composite"] == 0
    assert (msp["ranking_index"], sri["ranking_index"]) == (1, 0)
    assert mdt["ranking_index"] == round(0.25 / composite_msp, 4)


def test_scores_recomputed_by_hand_for_every_component():
    """Two institutions with consultations, comments, proposals and cases (version 2; version 3
    in tests/test_scores_v3.py)."""
    first = scores.ScoreInputs(
        cases_received=10, cases_answered_on_time=8, cases_resolved=6,
        information_requests=4, information_requests_on_time=3, ratings=5,
        satisfactory_ratings=4, consultations=2, consultations_with_documents=1,
        consultations_closed=2, consultations_with_outcome=1, comments=30,
        comments_answered=15, contributions_assessed=10, contributions_incorporated=4,
        contributions_partly=2, proposals_due=2, proposals_answered_on_time=1)
    second = scores.ScoreInputs(cases_received=4, cases_answered_on_time=4, cases_resolved=4,
                                ratings=0)
    one = scores.compute(first, "2")
    # e-información: mean(3/4, 1/2) = 0.625
    assert one.information == pytest.approx(0.625)
    # e-consulta: mean(1, min(30/40, 1) = 0.75, 15/30 = 0.5, 8/10 = 0.8) = 3.05/4 = 0.7625
    assert one.consultation == pytest.approx(0.7625)
    # e-decisión: mean(1/2, (4 + 1)/10 = 0.5, 1/2, 6/10, 4/5) = 2.9/5 = 0.58
    assert one.decision == pytest.approx(0.58)
    assert one.composite == pytest.approx((0.625 + 0.7625 + 0.58) / 3)  # 0.655833
    two = scores.compute(second, "2")
    # e-información: nothing to compute; e-consulta: mean(0, 4/4) = 0.5; e-decisión: 4/4.
    assert (two.information, two.consultation, two.decision) == (None, 0.5, 1.0)
    assert two.composite == pytest.approx(0.75)
    ranked = scores.rank({"first": one, "second": two})
    assert ranked["second"].index == 1.0 and ranked["first"].index == 0.0
    national = scores.national([first, second], "2")
    # cases on time (8 + 4)/14; resolved (6 + 4)/14
    assert national.consultation == pytest.approx((1 + 0.75 + 0.5 + 12 / 14) / 4)
    assert national.decision == pytest.approx((0.5 + 0.5 + 0.5 + 10 / 14 + 0.8) / 5)


def test_an_empty_period_gives_honest_empty_figures(client, history):
    data, rows = _figures(client, "?periodo=year&desde=2020-06-01")
    national = data["national"]
    assert national["cases_received"] == 0
    assert national["resolution_rate"] is None and national["median_days_to_resolution"] is None
    assert "NaN" not in json.dumps(data)


def test_the_quarter_includes_february(client, history):
    data, rows = _figures(client, "?periodo=quarter&desde=2025-02-15")
    assert data["period"] == {"from": "2025-01-01", "to": "2025-03-31"}
    assert rows["MSP"]["cases_received"] == 5 and rows["MSP"]["cases_answered"] == 4
    data, rows = _figures(client, "?periodo=custom&desde=2025-02-01&hasta=2025-02-28")
    assert rows["MSP"]["cases_received"] == 1 and data["national"]["cases_received"] == 1


# --- pages --------------------------------------------------------------------------------

def test_the_summary_shows_national_figures_adoption_and_ranking(client, login_as, history):
    login_as("rector")
    page = text(client.get("/tablero/" + MARCH))
    assert "Tablero de participación" in page
    # Adoption: only MSP received and answered a case; MDT and SRI (all three in the
    # executive registry) did not.
    assert "1 of 3 institutions of the executive function in the registry" in text(
        client.get("/tablero/" + MARCH, headers={"Accept-Language": "en"}))
    assert "33,3" in page and "68,0" in page and "90,0" in page
    assert "60,0" in page  # national resolution rate
    # Ordered by composite: MSP, MDT, SRI.
    assert page.index(">MSP<") < page.index(">MDT<") < page.index(">SRI<")
    assert "/datos/instituciones.csv?periodo=month&amp;desde=2025-03-01" in page


def test_the_summary_sorts_by_another_column(client, login_as, history):
    login_as("rector")
    page = text(client.get("/tablero/" + MARCH + "&orden=on_time"))
    # On-time first response: MDT 100 %, MSP 66.7 %, SRI none.
    assert page.index(">MDT<") < page.index(">MSP<") < page.index(">SRI<")


def test_the_institution_page_shows_its_figures_by_category_and_month(client, login_as,
                                                                       history):
    login_as("rector")
    page = text(client.get("/tablero/institucion/MSP" + MARCH))
    assert "Ministerio de Salud Pública" in page
    assert "Citas médicas" in page and "Sin categoría" in page  # C lost its category
    assert "2025-03" in page
    assert "75,0" in page  # resolution rate


@pytest.mark.parametrize("query, message", [
    ("?periodo=custom&desde=2025-03-10&hasta=2025-03-01",
     "El último día no puede ser anterior al primero."),
    ("?periodo=custom&desde=2025-03-01", "Indique el último día del período."),
    ("?periodo=month&desde=no-es-fecha", "Escriba la fecha como año-mes-día"),
])
def test_a_bad_period_is_explained_and_kept(client, login_as, history, query, message):
    login_as("rector")
    response = client.get("/tablero/" + query)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert 'value="2025-03-' in page or 'value="no-es-fecha"' in page


def test_a_bad_period_in_the_open_data_is_a_400(client, history):
    response = client.get("/datos/instituciones.csv?periodo=custom&desde=2025-03-10"
                          "&hasta=2025-03-01")
    assert response.status_code == 400 and "hasta" in response.get_json()["errors"]


def test_the_csv_has_the_documented_columns_and_the_figures(client, history):
    response = client.get("/datos/instituciones.csv" + MARCH)
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert [r["institution_acronym"] for r in rows] == ["", "MDT", "MSP", "SRI"]
    assert rows[0]["scope"] == "national" and rows[0]["cases_received"] == "5"
    msp = rows[2]
    assert (msp["cases_received"], msp["resolution_rate"], msp["on_time_rate"]) == \
        ("4", "0.75", "0.5")
    assert rows[3]["resolution_rate"] == ""  # SRI: no data, not zero
    assert "ciudadana@example.ec" not in text(response)  # no personal data
    page = text(client.get("/datos/"))
    for column in rows[0]:
        assert column in page  # the schema is documented


def test_the_methodology_is_published_in_both_languages(client, institutions):
    page = text(client.get("/datos/metodologia"))
    assert "Metodología de los puntajes de participación" in page
    assert "70,0" in page and "78,3" in page and "54,6" in page
    assert "Versión 3" in page
    page = text(client.get("/datos/metodologia", headers={"Accept-Language": "en"}))
    assert "Methodology of the participation scores" in page and "Version 3" in page


# --- JSON API and catalogue -----------------------------------------------------------------

def test_the_summary_api_gives_the_national_figures(client, history):
    response = client.get("/api/v1/stats/summary?from=2025-03-01&to=2025-03-31")
    assert response.status_code == 200
    data = response.get_json()
    assert data["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert (data["institutions"], data["institutions_active"]) == (3, 1)
    assert (data["cases_total"], data["cases_resolved"]) == (5, 3)
    assert (data["resolution_rate"], data["on_time_rate"]) == (0.6, 0.6)
    assert data["median_days_to_resolution"] == 3


def test_the_institutions_api_gives_each_institution_and_its_scores(client, history):
    data = client.get("/api/v1/stats/institutions?from=2025-03-01&to=2025-03-31").get_json()
    rows = {row["acronym"]: row for row in data["institutions"]}
    assert list(rows) == ["MDT", "MSP", "SRI"]
    msp = rows["MSP"]
    assert (msp["cases_total"], msp["resolution_rate"], msp["median_days_to_resolution"]) \
        == (4, 0.75, 3)
    assert (msp["e_informacion"], msp["e_consulta"], msp["e_decision"]) == (0.5, 0.25, 0.7083)


@pytest.mark.parametrize("query, field", [
    ("?from=2025-03-10&to=2025-03-01", "to"), ("?from=marzo&to=2025-03-01", "from"),
    ("?from=2025-03-01", "to")])
def test_the_api_refuses_a_bad_period(client, institutions, query, field):
    response = client.get("/api/v1/stats/summary" + query)
    assert response.status_code == 400 and field in response.get_json()["errors"]


def test_the_api_on_an_empty_period_has_no_nan(client, institutions):
    data = client.get("/api/v1/stats/summary?from=2020-01-01&to=2020-01-31").get_json()
    assert data["cases_total"] == 0 and data["resolution_rate"] is None


def test_the_catalogue_lists_the_open_data_files_and_licence(client, institutions):
    catalogue = client.get("/datos/catalogo.json").get_json()["@graph"][0]
    assert catalogue["@type"] == "dcat:Catalog" and "CC_BY_4_0" in catalogue["dct:license"]
    urls = [d["dcat:downloadURL"] for d in catalogue["dcat:dataset"][0]["dcat:distribution"]]
    assert any(url.endswith("/datos/instituciones.csv") for url in urls)
    assert any(url.endswith("/datos/instituciones.json") for url in urls)
    for url in urls:
        assert client.get(url.replace("http://localhost", "")).status_code == 200


def test_the_open_data_page_is_kept_yet_counts_a_new_case_at_once(app, client, people,
                                                                  institutions):
    import re

    from participa.extensions import cache

    def received() -> str:
        page = client.get("/datos/").get_data(as_text=True)
        return re.search(r'casos-recibidos".*?</th><td>([^<]*)</td>', page, re.S).group(1)

    category = make_category(institutions["MSP"], "Citas")
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        make_case(people["citizen"], institutions["MSP"], category)
        assert received() == "1"
        assert received() == "1"  # the kept body
        make_case(people["citizen"], institutions["MSP"], category)
        assert received() == "2"  # a case filed through the application counts at once
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()
