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
    menu = re.search(
        r'<details class="site-menu">\s*<summary>(?:Menú|Menu)</summary>(.*?)</details>',
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


pytest_plugins = ["factories_consultations"]


def test_a_consultation_has_a_one_line_summary_and_an_index_of_articles(client,
                                                                        make_consultation):
    consultation = make_consultation()
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert '<dl class="summary-line">' in page and '<dl class="figures">' not in page
    index = re.search(r'<nav class="article-index".*?</nav>', page, re.S).group(0)
    article3 = next(s for s in consultation.sections if "Acceso del paciente" in (s.heading or ""))
    assert f'href="#seccion-{article3.position}"' in index
    assert f'/consultas/{consultation.id}?seccion={article3.id}#comentarios' in index


def test_an_articles_comment_link_opens_its_thread_under_its_heading(client, people,
                                                                      make_consultation):
    from participa.consultations import comments
    from participa.models import Stance

    consultation = make_consultation()
    article3 = next(s for s in consultation.sections if "Acceso del paciente" in (s.heading or ""))
    comments.add_comment(people["citizen"], consultation, body="Que sea también en papel.",
                         stance=Stance.FOR, section_id=article3.id)
    db.session.commit()
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    # Each article's link names the article for a screen reader, not only "this section".
    assert re.search(r'#comentarios">[^<]+<span class="visually-hidden"> — '
                     r'Artículo 3\.- Acceso del paciente', page)
    thread = client.get(f"/consultas/{consultation.id}?seccion={article3.id}").get_data(
        as_text=True)
    heading = re.search(r'<h3 id="seccion-comentada">([^<]+)</h3>', thread).group(1)
    assert "Artículo 3.- Acceso del paciente" in heading
    assert "Que sea también en papel." in thread
