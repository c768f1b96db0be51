"""The case page an official works from: current values preselected, only the actions the
case's state allows, clear confirmations."""
import re

import pytest

from participa.extensions import db
from participa.models import CaseState

from factories_cases import make_case, make_category


@pytest.fixture
def msp_case(people, institutions):
    make_category(institutions["MSP"], "Atención al usuario")  # sorts before the case's own
    category = make_category(institutions["MSP"], "Citas médicas")
    return make_case(people["citizen"], institutions["MSP"], category)


@pytest.fixture
def english(client):
    """New messages are asserted in English: their Spanish arrives with the catalogue."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def selected_option(html: str, select_name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{re.escape(select_name)}"[^>]*>(.*?)</select>',
                       html, re.S)
    assert select, f"no select {select_name}"
    chosen = re.search(r'<option selected value="[^"]*">([^<]*)</option>|'
                       r'<option value="[^"]*" selected>([^<]*)</option>', select.group(1))
    return next(g for g in chosen.groups() if g) if chosen else None


def test_the_category_select_shows_the_cases_category(client, login_as, msp_case):
    login_as("official_msp")
    html = client.get(f"/casos/institucion/MSP/{msp_case.id}").get_data(as_text=True)
    assert selected_option(html, "categorise-category") == "Citas médicas"


def test_sending_the_category_unchanged_does_not_refile_the_case(client, login_as, msp_case):
    login_as("official_msp")
    response = client.post(f"/casos/institucion/MSP/{msp_case.id}/categorizar",
                           data={"categorise-category": str(msp_case.category_id)})
    assert response.status_code == 409
    db.session.refresh(msp_case)
    assert msp_case.category.name == "Citas médicas"


def test_an_answer_is_confirmed_with_its_recipient_and_the_new_state(english, login_as,
                                                                     msp_case):
    client = english
    login_as("official_msp")
    response = client.post(f"/casos/institucion/MSP/{msp_case.id}/responder", data={
        "answer-answer": "Su cita es el lunes.", "answer-reasons": "Hay cupo disponible."},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Answer sent to Rosa Ciudadana; case %s is answered." % msp_case.code in html
    assert "Saved." not in html


def test_only_the_actions_the_state_allows_are_offered(client, login_as, people, msp_case):
    login_as("official_msp")
    page = f"/casos/institucion/MSP/{msp_case.id}"
    html = client.get(page).get_data(as_text=True)
    assert "/iniciar" in html and "/responder" in html and "/cerrar" not in html
    client.post(f"{page}/responder", data={"answer-answer": "Respuesta",
                                           "answer-reasons": "Motivos"})
    html = client.get(page).get_data(as_text=True)
    # Answered: no second answer, no start; closing waits for the reopening period.
    assert "/responder" not in html and "/iniciar" not in html and "/rechazar" not in html
    assert "/cerrar" not in html and "/nota" in html
    db.session.refresh(msp_case)
    assert msp_case.state == CaseState.ANSWERED
