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


@pytest.fixture
def admin_msp(make_user, institutions):
    from participa.models import InstitutionRole
    return make_user("admin@msp.gob.ec", name="Marta Administradora",
                     roles=[(institutions["MSP"], InstitutionRole.INSTITUTION_ADMIN)])


TEMPLATE = {"title": "Cita reprogramada", "answer": "Le asignamos una cita nueva.",
            "reasons": "Reglamento de turnos, art. 5."}


@pytest.mark.parametrize("who, status", [
    ("official_msp", 403), ("admin_mdt", 403), ("citizen", 403), ("platform_admin", 302)])
def test_only_the_institutions_administrators_keep_reply_templates(client, login_as, who,
                                                                    status, institutions):
    login_as(who)
    assert client.post("/casos/institucion/MSP/plantillas", data=TEMPLATE).status_code == status


def test_an_official_fills_the_answer_from_a_template_without_javascript(
        english, login_as, people, admin_msp, institutions, msp_case):
    from conftest import login_with_code
    from participa.cases import replies

    client = english
    login_with_code(client, admin_msp)
    response = client.post("/casos/institucion/MSP/plantillas", data=TEMPLATE,
                           follow_redirects=True)
    assert "Template “Cita reprogramada” created" in response.get_data(as_text=True)
    duplicate = client.post("/casos/institucion/MSP/plantillas", data=TEMPLATE)
    assert duplicate.status_code == 409
    assert "Another template already has this title." in duplicate.get_data(as_text=True)
    assert "Le asignamos una cita nueva." in duplicate.get_data(as_text=True)  # kept
    template = replies.templates_of(institutions["MSP"])[0]
    mdt_template = replies.create_template(people["admin_mdt"], institutions["MDT"],
                                           title="Otra", answer="Texto del MDT")
    db.session.commit()
    client.post("/cuenta/salir")

    login_as("official_msp")
    page = f"/casos/institucion/MSP/{msp_case.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Use this template" in html and "Texto del MDT" not in html
    html = client.get(f"{page}?plantilla={template.id}").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="answer-answer"[^>]*>\s*Le asignamos una cita '
                     r'nueva\.</textarea>', html)
    assert "Reglamento de turnos, art. 5.</textarea>" in html
    # Another institution's template is not found.
    assert client.get(f"{page}?plantilla={mdt_template.id}").status_code == 404
    assert client.get(f"{page}?plantilla=x").status_code == 404
