"""The observatory: registered reuses and their review, norm facts, each indicator's value
worked out by hand, access rules, and the page and its open data in both languages.

Fixture (year 2025, then this year, when nothing happens but what the tests add):
- MSP, MDT and SRI are active. MSP receives a complaint on Mon 3 March 2025, answered on Wed 5
  (on time); MDT receives one on Tue 4 March that is still waiting. SRI has no case.
- MSP gets two requests for open data on 3 March 2025: A published on the 10th (on time),
  B refused on 30 April (late: it was owed by 15 April, Carnival Tuesday 4 March not counted).
By hand, for 2025: adoption 1 of 3 = 33.3 %; requests on time 0.5. The national scores
(methodology version 3) are the means of the institutions' scores: e-información = MSP's
data requests on time 1/2 = 0.5 (MDT and SRI have no value); e-consulta = mean(MSP:
mean(consultations held 0, cases on time 1/1) = 0.5, MDT: mean(0, its case never answered
and past due 0/1) = 0, SRI: 0) = 0.5/3 = 0.1667; e-decisión = mean(MSP resolved 0/1,
MDT 0/1) = 0. This year: adoption 0/3 = 0; no requests.
"""
import csv
import io
import json
from datetime import datetime

import pytest
from sqlalchemy import select

from participa.cases import service as cases
from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.models import DataRequestState, NormFact, Reuse, ReuseKind, ReviewStatus
from participa.observatory import indicators, requests, reuses
from participa.timeutil import utcnow

from factories_cases import make_category, make_case

THIS_YEAR = local_date(utcnow()).year
EN = {"Accept-Language": "en"}


def at(day: int, month: int = 3, year: int = 2025) -> datetime:
    return datetime(year, month, day, 15, 0)


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def history(people, institutions, make_institution):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    make_institution("SRI", "Servicio de Rentas Internas")
    citizen, official = people["citizen"], people["official_msp"]
    a = make_case(citizen, msp, make_category(msp), now=at(3))
    cases.answer(official, a, "Cita asignada.", "Hay disponibilidad.", now=at(5))
    make_case(citizen, mdt, make_category(mdt), now=at(4))
    first = requests.ask(citizen, msp, title="Camas por hospital", description="d",
                         purpose="p", now=at(3))
    requests.answer(official, first, outcome=DataRequestState.PUBLISHED,
                    url="https://datos.msp.gob.ec/camas.csv", now=at(10))
    second = requests.ask(citizen, msp, title="Listas de espera", description="d",
                          purpose="p", now=at(3))
    requests.answer(official, second, outcome=DataRequestState.REFUSED,
                    reason="Información reservada.", now=at(30, 4))
    db.session.commit()


REUSE = {"title": "Mapa de camas", "url": "https://mapa.example.ec",
         "description": "Un mapa de camas hospitalarias.", "kind": "visualisation",
         "datasets": "/datos/instituciones.csv\nhttps://datos.msp.gob.ec/camas.csv",
         "institutions": ["MSP"], "author_name": "Colectivo Datos"}


def register(people, institutions, title="Mapa de camas", acronyms=("MSP",), now=None):
    reuse = reuses.register(people["citizen"], title=title, url="https://mapa.example.ec",
                            description="Un mapa.", kind=ReuseKind.APPLICATION,
                            datasets="/datos/instituciones.json",
                            institutions=[institutions[a] for a in acronyms],
                            author_name="Colectivo Datos", now=now)
    db.session.commit()
    return reuse


# --- reuses -----------------------------------------------------------------------------

def test_a_reuse_is_registered_reviewed_and_counted(client, login_as, people, institutions):
    login_as("citizen")
    response = client.post("/observatorio/reutilizaciones/nueva", data=REUSE)
    assert response.status_code == 302
    reuse = db.session.scalar(select(Reuse))
    assert reuse.status == ReviewStatus.PENDING and reuse.dataset_list == [
        "/datos/instituciones.csv", "https://datos.msp.gob.ec/camas.csv"]
    page = text(client.get(response.headers["Location"]))
    assert "En espera de revisión" in page
    client.post("/cuenta/salir")
    assert "Mapa de camas" not in text(client.get("/observatorio/reutilizaciones/"))
    # Pending: it does not exist for other people.
    assert client.get(f"/observatorio/reutilizaciones/{reuse.id}").status_code == 404
    _, before = indicators.one("iniciativas-datos-abiertos", local_date(utcnow()))
    assert before.series[0].current == 0

    login_as("official_msp")
    assert "Mapa de camas" in text(client.get("/observatorio/reutilizaciones/pendientes"))
    response = client.post(f"/observatorio/reutilizaciones/{reuse.id}/revisar",
                           data={"decision": "approve"})
    assert response.status_code == 302
    client.post("/cuenta/salir")
    gallery = text(client.get("/observatorio/reutilizaciones/?institucion=MSP&tipo=visualisation"))
    assert "Mapa de camas" in gallery and "Colectivo Datos" in gallery
    assert "Mapa de camas" not in text(client.get("/observatorio/reutilizaciones/?institucion=MDT"))
    assert "Mapa de camas" not in text(client.get("/observatorio/reutilizaciones/?tipo=study"))
    _, after = indicators.one("iniciativas-datos-abiertos", local_date(utcnow()))
    assert after.series[0].current == 1 and after.series[0].by_year[THIS_YEAR] == 1


def test_a_rejected_reuse_shows_its_reason_to_whoever_registered_it(client, login_as, people,
                                                                    institutions):
    reuse = register(people, institutions)
    login_as("platform_admin")  # platform administrators review any reuse
    response = client.post(f"/observatorio/reutilizaciones/{reuse.id}/revisar",
                           data={"decision": "reject", "reason": ""})
    assert response.status_code == 400 and "la persona que la registró la leerá" in text(response)
    client.post(f"/observatorio/reutilizaciones/{reuse.id}/revisar",
                data={"decision": "reject", "reason": "El enlace no funciona."})
    client.post("/cuenta/salir")
    login_as("citizen")
    page = text(client.get(f"/observatorio/reutilizaciones/{reuse.id}"))
    assert "Reutilización no aprobada" in page and "El enlace no funciona." in page
    assert "Reutilizaciones que registró" in text(client.get("/observatorio/reutilizaciones/"))
    _, indicator = indicators.one("iniciativas-datos-abiertos", local_date(utcnow()))
    assert indicator.series[0].current == 0


# The rector ministry's analysts read statistics and change nothing: reviewing a reuse
# belongs to the institutions whose data it uses (and to the platform administrators).
@pytest.mark.parametrize("who, status", [("admin_mdt", 404), ("moderator_msp", 404),
                                         ("citizen", 404), ("rector", 404)])
def test_outsiders_cannot_review_a_reuse(client, login_as, people, institutions, who, status):
    reuse = register(people, institutions)
    login_as(who)
    response = client.post(f"/observatorio/reutilizaciones/{reuse.id}/revisar",
                           data={"decision": "approve"})
    # The citizen registered it and sees it, but may not review it.
    assert response.status_code == (403 if who == "citizen" else status)
    assert db.session.get(Reuse, reuse.id).status == ReviewStatus.PENDING
    if who != "citizen":
        assert client.get("/observatorio/reutilizaciones/pendientes").status_code == 403 \
            or "Mapa de camas" not in text(client.get("/observatorio/reutilizaciones/pendientes"))


@pytest.mark.parametrize("change, message", [
    ({"url": "javascript:alert(1)"}, "un enlace que empiece por http:// o https://"),
    ({"url": "ftp://mapa.example.ec"}, "un enlace que empiece por http:// o https://"),
    ({"datasets": "file:///etc/passwd"}, "no es un enlace público"),
    ({"institutions": ["NOEXISTE"]}, "Elija instituciones de la lista."),
])
def test_a_bad_reuse_is_explained_and_the_text_kept(client, login_as, institutions, change,
                                                    message):
    login_as("citizen")
    response = client.post("/observatorio/reutilizaciones/nueva", data={**REUSE, **change})
    assert response.status_code == 400
    page = text(response)
    assert message in page and REUSE["description"] in page
    assert db.session.scalar(select(Reuse)) is None


def test_registering_a_reuse_needs_an_account(client, institutions):
    response = client.get("/observatorio/reutilizaciones/nueva")
    assert response.status_code == 302 and "/cuenta/entrar" in response.headers["Location"]


# --- norm facts -------------------------------------------------------------------------

NORM = {"kind": "e_participation", "title": "Acuerdo Ministerial de participación digital",
        "issued_on": "2025-06-02", "url": "https://www.registroficial.gob.ec/acuerdo-1"}


@pytest.mark.parametrize("change, message", [
    ({"issued_on": ""}, "Indique la fecha en que se expidió la norma."),
    ({"issued_on": "2 de junio"}, "Escriba la fecha"),
    ({"url": ""}, "Indique el enlace a la norma publicada."),
    ({"url": "registroficial.gob.ec/acuerdo-1"}, "una dirección que empiece por http://"),
])
def test_a_norm_fact_needs_its_date_and_link(client, login_as, change, message):
    login_as("platform_admin")
    response = client.post("/observatorio/normas", data={**NORM, **change})
    assert response.status_code == 400
    assert message in text(response) and NORM["title"] in text(response)
    assert db.session.scalar(select(NormFact)) is None


@pytest.mark.parametrize("who", ["citizen", "official_msp", "rector", "admin_mdt"])
def test_only_platform_admins_enter_norms(client, login_as, who):
    login_as(who)
    assert client.get("/observatorio/normas").status_code == 403
    assert client.post("/observatorio/normas", data=NORM).status_code == 403


def test_a_norm_fact_counts_and_is_shown(client, login_as, institutions):
    login_as("platform_admin")
    assert client.post("/observatorio/normas", data=NORM).status_code == 302
    client.post("/cuenta/salir")
    _, indicator = indicators.one("normas", local_date(utcnow()))
    series = {s.key: s for s in indicator.series}
    assert series["e_participation"].current == 1 and series["data_protection"].current == 0
    assert series["e_participation"].by_year[THIS_YEAR] == 1  # the total by the year's end
    assert (series["e_participation"].baseline, series["e_participation"].target) == (0, 1)
    page = text(client.get("/observatorio/"))
    assert NORM["title"] in page and NORM["url"] in page
    data = client.get("/datos/observatorio/normas.json").get_json()
    assert data["facts"][0]["issued_on"] == "2025-06-02"


# --- indicators by hand -----------------------------------------------------------------

def test_each_indicator_worked_out_by_hand(client, people, institutions, history):
    reuse = register(people, institutions, now=at(1, 6))
    reuses.review(people["official_msp"], reuse, approve=True, now=at(2, 6))
    register(people, institutions, title="Pendiente")  # not approved: not counted
    db.session.commit()
    year_list, items = indicators.all_indicators(local_date(utcnow()))
    assert year_list == list(range(2025, THIS_YEAR + 1))
    found = {i.slug: i for i in items}

    adoption = found["uso-contacto-ciudadano"].series[0]
    assert adoption.by_year[2025] == pytest.approx(1 / 3)
    assert adoption.current == 0 and adoption.by_year[THIS_YEAR] == 0
    assert (adoption.baseline, adoption.target) == (0.68, 0.90)

    scores = {s.key: s for s in found["puntajes-participacion"].series}
    assert scores["information"].by_year[2025] == 0.5
    assert scores["consultation"].by_year[2025] == pytest.approx(0.5 / 3)
    assert scores["decision"].by_year[2025] == 0
    assert (scores["information"].baseline, scores["consultation"].baseline,
            scores["decision"].baseline) == (0.700, 0.783, 0.546)
    assert scores["information"].by_year[THIS_YEAR] is None

    on_time = found["solicitudes-datos-a-tiempo"].series[0]
    assert on_time.by_year[2025] == 0.5 and on_time.by_year[THIS_YEAR] is None

    initiatives = found["iniciativas-datos-abiertos"].series[0]
    assert initiatives.current == 1 and initiatives.by_year[2025] == 1
    assert initiatives.by_year[THIS_YEAR] == 1  # totals: approved by the end of each year
    assert (initiatives.baseline, initiatives.target) == (0, 12)


def test_the_open_data_of_each_indicator(client, history):
    response = client.get("/datos/observatorio/uso-contacto-ciudadano.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert list(rows[0]) == indicators.COLUMNS
    year_2025 = next(r for r in rows if r["year"] == "2025")
    assert (year_2025["value"], year_2025["baseline"], year_2025["target"]) == (
        "0.3333", "0.68", "0.9")
    data = client.get("/datos/observatorio/puntajes-participacion.json").get_json()
    series = {s["key"]: s for s in data["series"]}
    assert series["information"]["baseline"] == 0.7
    assert {"year": 2025, "value": 0.1667} in series["consultation"]["by_year"]
    data = client.get("/datos/observatorio/solicitudes-datos-a-tiempo.json").get_json()
    assert {"year": 2025, "value": 0.5} in data["series"][0]["by_year"]
    assert "ciudadana@example.ec" not in json.dumps(data)
    assert client.get("/datos/observatorio/otro.json").status_code == 404
    english = client.get("/datos/observatorio/normas.json", headers=EN).get_json()
    assert english["title"] == "Norms issued for e-participation and for personal-data protection"
    spanish = client.get("/datos/observatorio/normas.json").get_json()
    assert spanish["title"].startswith("Normas expedidas")


def test_the_catalogue_lists_every_indicator(client, institutions):
    data = client.get("/datos/catalogo.json").get_json()["@graph"][0]
    ids = [d["dct:identifier"] for d in data["dcat:dataset"]]
    for slug in indicators.SLUGS:
        assert f"participa-observatorio-{slug}" in ids
    observatory = [d for d in data["dcat:dataset"] if "observatorio" in d["dct:identifier"]]
    for dataset in observatory:
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"].replace("http://localhost", "")
            assert client.get(url).status_code == 200


def test_the_observatory_page_in_both_languages(client, history):
    page = text(client.get("/observatorio/"))
    assert "Observatorio de gobierno abierto" in page
    assert "Instituciones del Ejecutivo que usan Contacto Ciudadano" in page
    assert "33,3" in page and "68" in page and "90" in page  # 2025, baseline, target
    assert "70,0" in page and "78,3" in page and "54,6" in page
    assert page.count('role="img"') == 5 and page.count("<desc") == 5
    assert "/datos/observatorio/normas.csv" in page
    english = text(client.get("/observatorio/", headers=EN))
    assert "Open government observatory" in english and "33.3" in english
    assert "Executive institutions that use Contacto Ciudadano" in english
    # Linked from every page's footer and from the open data page.
    assert 'href="/observatorio/"' in text(client.get("/datos/"))
    assert 'href="/observatorio/"' in text(client.get("/"))


def test_deleting_an_account_forgets_its_reuses(client, people, institutions):
    from participa.privacy.deletion import delete_account

    citizen = people["citizen"]
    public = register(people, institutions, title="Pública")
    public.author_name = citizen.name
    reuses.review(people["platform_admin"], public, approve=True)
    waiting = register(people, institutions, title="En espera").id
    db.session.commit()
    delete_account(citizen)
    db.session.commit()
    assert db.session.get(Reuse, waiting) is None
    assert db.session.get(Reuse, public.id).author_name == ""
    page = text(client.get(f"/observatorio/reutilizaciones/{public.id}"))
    assert "Pública" in page and "Rosa Ciudadana" not in page
