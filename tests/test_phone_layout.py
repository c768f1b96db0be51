"""Phone-first pages: a header that folds, the answer before the forms about it, tables
whose cells carry their column name (they become cards on a phone)."""
import re

import pytest

from participa.cases import service
from participa.extensions import db

from factories_cases import make_case, make_category


@pytest.fixture
def answered_case(people, institutions):
    category = make_category(institutions["MSP"], "Citas médicas", deadline_days=10)
    case = make_case(people["citizen"], institutions["MSP"], category)
    service.answer(people["official_msp"], case, "Su cita quedó agendada para el lunes.",
                   "Existe disponibilidad en el centro de salud de su sector.")
    db.session.commit()
    return case


def test_the_menu_folds_behind_a_disclosure_that_keeps_every_link(client):
    page = client.get("/").get_data(as_text=True)
    menu = re.search(r'<details class="site-menu">\s*<summary>(?:Menú|Menu)</summary>(.*?)</details>',
                     page, re.S)
    assert menu, "the main menu is inside a <details> named Menú"
    nav = menu.group(1)
    for name in ("Inicio", "Consultas", "Propuestas", "Contacto Ciudadano", "Instituciones"):
        assert f">{name}</a>" in nav
    assert 'aria-label="Menú principal"' in nav


def test_the_answer_comes_before_the_rating_and_reopen_forms(client, login_as, answered_case):
    login_as("citizen")
    page = client.get(f"/casos/{answered_case.code}").get_data(as_text=True)
    answer = page.index("Su cita quedó agendada para el lunes.")
    assert answer < page.index("La respuesta soluciona su caso")
    assert answer < page.index('action="/casos/%s/confirmar"' % answered_case.code)
    assert answer < page.index('action="/casos/%s/reabrir"' % answered_case.code)
    # The rating is a group of choices, each on a row a finger can hit.
    assert re.search(r'<fieldset id="rating" class="field choice-group', page)


def test_my_cases_name_each_cell_for_the_phone_cards(client, login_as, answered_case):
    login_as("citizen")
    page = client.get("/casos/mis-casos").get_data(as_text=True)
    assert '<table class="stack-on-phone">' in page
    for label in ("Código de seguimiento", "Estado", "Respuesta hasta"):
        assert f'data-label="{label}"' in page
